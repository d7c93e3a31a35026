//! Organizations: `/v1/organizations` (profile, logo, members, invitations, roles) and the
//! signed-in user's side of them (`/v1/me/organization_memberships`, `…/organization_invitations`).
//!
//! Every call answers `{response, client}` and goes through the runtime, so the client it carries
//! replaces the state (a new organization shows up in the user's memberships at once).

use crate::json::FromJson;
use crate::model::{
    Organization, OrganizationInvitation, OrganizationMembership, PageRequest, Paginated, Role,
    UserOrganizationInvitation,
};
use crate::runtime::Call;
use crate::transport::{Form, Method, Upload};
use crate::{Runtime, SdkError};

/// `PATCH /organizations/{id}`: the fields to change (`None` leaves one as is).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateOrganization {
    pub name: Option<String>,
    pub slug: Option<String>,
}

/// The organization calls of a [`Runtime`].
#[derive(Debug, Clone)]
pub struct Organizations {
    runtime: Runtime,
}

impl Runtime {
    /// Organization calls.
    pub fn organizations(&self) -> Organizations {
        Organizations {
            runtime: self.clone(),
        }
    }
}

impl Organizations {
    async fn run<T: FromJson>(&self, call: Call) -> Result<T, SdkError> {
        Ok(T::from_json(&self.runtime.mutate(call).await?))
    }

    /// Create an organization (the user becomes its admin). Without a slug the server derives
    /// one from the name.
    pub async fn create(&self, name: &str, slug: Option<&str>) -> Result<Organization, SdkError> {
        self.run(create(name, slug)).await
    }

    /// Rename an organization or change its slug (needs `org:sys_profile:manage`).
    pub async fn update(
        &self,
        id: &str,
        changes: UpdateOrganization,
    ) -> Result<Organization, SdkError> {
        self.run(update(id, changes)).await
    }

    /// Upload a logo: PNG, JPEG, WebP or GIF, at most 1 MB.
    pub async fn set_logo(&self, id: &str, logo: Upload) -> Result<Organization, SdkError> {
        self.run(set_logo(id, logo)).await
    }

    /// Delete an organization (needs `org:sys_profile:delete`); sessions working in it fall
    /// back to the personal account.
    pub async fn delete(&self, id: &str) -> Result<(), SdkError> {
        self.runtime.mutate(delete(id)).await.map(drop)
    }

    /// Leave an organization (the last admin cannot).
    pub async fn leave(&self, id: &str) -> Result<(), SdkError> {
        self.runtime.mutate(leave(id)).await.map(drop)
    }

    /// One page of an organization's members; `query` searches names and email addresses.
    pub async fn memberships(
        &self,
        id: &str,
        page: PageRequest,
        query: Option<&str>,
    ) -> Result<Paginated<OrganizationMembership>, SdkError> {
        self.run(memberships(id, page, query)).await
    }

    /// Give a member another role (`org:admin`, `org:member`).
    pub async fn update_member_role(
        &self,
        id: &str,
        user_id: &str,
        role: &str,
    ) -> Result<OrganizationMembership, SdkError> {
        self.run(update_member_role(id, user_id, role)).await
    }

    /// Remove a member.
    pub async fn remove_member(
        &self,
        id: &str,
        user_id: &str,
    ) -> Result<OrganizationMembership, SdkError> {
        self.run(remove_member(id, user_id)).await
    }

    /// One page of an organization's invitations, newest first; `status` filters
    /// (`pending`, `accepted`, `revoked`, `expired`).
    pub async fn invitations(
        &self,
        id: &str,
        page: PageRequest,
        status: Option<&str>,
    ) -> Result<Paginated<OrganizationInvitation>, SdkError> {
        self.run(invitations(id, page, status)).await
    }

    /// Invite email addresses (at most 50) with one role; each gets an email with a link.
    pub async fn invite(
        &self,
        id: &str,
        email_addresses: &[String],
        role: &str,
    ) -> Result<Vec<OrganizationInvitation>, SdkError> {
        let response = self
            .runtime
            .mutate(invite(id, email_addresses, role))
            .await?;
        Ok(response.items().iter().map(FromJson::from_json).collect())
    }

    /// Revoke a pending invitation.
    pub async fn revoke_invitation(
        &self,
        id: &str,
        invitation_id: &str,
    ) -> Result<OrganizationInvitation, SdkError> {
        self.run(revoke_invitation(id, invitation_id)).await
    }

    /// The roles a member may have.
    pub async fn roles(&self, id: &str, page: PageRequest) -> Result<Paginated<Role>, SdkError> {
        self.run(roles(id, page)).await
    }

    /// One page of the signed-in user's memberships (all of them are also in
    /// [`crate::User::organization_memberships`]).
    pub async fn user_memberships(
        &self,
        page: PageRequest,
    ) -> Result<Paginated<OrganizationMembership>, SdkError> {
        self.run(user_memberships(page)).await
    }

    /// One page of the invitations sent to the user's verified email addresses (pending ones
    /// unless `status` says otherwise).
    pub async fn user_invitations(
        &self,
        page: PageRequest,
        status: Option<&str>,
    ) -> Result<Paginated<UserOrganizationInvitation>, SdkError> {
        self.run(user_invitations(page, status)).await
    }

    /// Accept one of the user's invitations: the user becomes a member.
    pub async fn accept_invitation(
        &self,
        invitation_id: &str,
    ) -> Result<UserOrganizationInvitation, SdkError> {
        self.run(accept_invitation(invitation_id)).await
    }
}

// The requests, apart from the calls (the JS facade sends them too).

fn call(method: Method, path: String, form: Form) -> Call {
    Call { method, path, form }
}

fn org(id: &str, rest: &str) -> String {
    ["/organizations/", id, rest].concat()
}

/// A decimal number without `core::fmt` (which the headless bundle does without).
fn decimal(mut n: u64) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().map(|d| char::from(*d)).collect()
}

/// `GET path?limit=…&offset=…[&key=value]`.
fn list(path: String, page: PageRequest, filter: Option<(&'static str, &str)>) -> Call {
    let mut query = Form::new()
        .field("limit", decimal(u64::from(page.limit())))
        .field("offset", decimal(page.offset()));
    if let Some((key, value)) = filter {
        query = query.field(key, value);
    }
    call(
        Method::Get,
        [path.as_str(), "?", &query.encode()].concat(),
        Form::new(),
    )
}

pub(crate) fn create(name: &str, slug: Option<&str>) -> Call {
    let form = Form::new().field("name", name).optional("slug", slug);
    Call::post("/organizations".to_owned(), form)
}

pub(crate) fn update(id: &str, changes: UpdateOrganization) -> Call {
    let form = Form::new()
        .optional("name", changes.name)
        .optional("slug", changes.slug);
    call(Method::Patch, org(id, ""), form)
}

pub(crate) fn set_logo(id: &str, logo: Upload) -> Call {
    call(Method::Put, org(id, "/logo"), Form::new().file(logo))
}

pub(crate) fn delete(id: &str) -> Call {
    call(Method::Delete, org(id, ""), Form::new())
}

pub(crate) fn leave(id: &str) -> Call {
    call(
        Method::Delete,
        ["/me/organization_memberships/", id].concat(),
        Form::new(),
    )
}

pub(crate) fn memberships(id: &str, page: PageRequest, query: Option<&str>) -> Call {
    list(org(id, "/memberships"), page, query.map(|q| ("query", q)))
}

pub(crate) fn update_member_role(id: &str, user_id: &str, role: &str) -> Call {
    let form = Form::new().field("role", role);
    call(
        Method::Patch,
        [org(id, "/memberships/").as_str(), user_id].concat(),
        form,
    )
}

pub(crate) fn remove_member(id: &str, user_id: &str) -> Call {
    call(
        Method::Delete,
        [org(id, "/memberships/").as_str(), user_id].concat(),
        Form::new(),
    )
}

pub(crate) fn invitations(id: &str, page: PageRequest, status: Option<&str>) -> Call {
    list(org(id, "/invitations"), page, status.map(|s| ("status", s)))
}

pub(crate) fn invite(id: &str, email_addresses: &[String], role: &str) -> Call {
    // The bulk endpoint takes a comma-separated list (addresses have no commas). Not `join`:
    // its separator variant would be one more copy of the joining code in the bundle.
    let mut list = String::new();
    for address in email_addresses {
        if !list.is_empty() {
            list.push(',');
        }
        list.push_str(address);
    }
    let form = Form::new().field("email_address", list).field("role", role);
    Call::post(org(id, "/invitations/bulk"), form)
}

pub(crate) fn revoke_invitation(id: &str, invitation_id: &str) -> Call {
    Call::post(
        [org(id, "/invitations/").as_str(), invitation_id, "/revoke"].concat(),
        Form::new(),
    )
}

pub(crate) fn roles(id: &str, page: PageRequest) -> Call {
    list(org(id, "/roles"), page, None)
}

pub(crate) fn user_memberships(page: PageRequest) -> Call {
    list("/me/organization_memberships".to_owned(), page, None)
}

pub(crate) fn user_invitations(page: PageRequest, status: Option<&str>) -> Call {
    list(
        "/me/organization_invitations".to_owned(),
        page,
        status.map(|s| ("status", s)),
    )
}

pub(crate) fn accept_invitation(invitation_id: &str) -> Call {
    Call::post(
        ["/me/organization_invitations/", invitation_id, "/accept"].concat(),
        Form::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_become_limit_and_offset() {
        let page = PageRequest {
            page: 3,
            page_size: 20,
        };
        let call = memberships("org_1", page, Some("ada l"));
        assert_eq!(
            call.path,
            "/organizations/org_1/memberships?limit=20&offset=40&query=ada+l"
        );
        assert_eq!(call.method, Method::Get);
        assert_eq!(decimal(0), "0");
        assert_eq!(decimal(1_234_567), "1234567");
    }

    #[test]
    fn invitations_go_to_the_bulk_endpoint_as_one_list() {
        let emails = ["a@example.com".to_owned(), "b@example.com".to_owned()];
        let call = invite("org_1", &emails, "org:member");
        assert_eq!(call.path, "/organizations/org_1/invitations/bulk");
        assert_eq!(
            call.form.encode(),
            "email_address=a%40example.com%2Cb%40example.com&role=org%3Amember"
        );
    }
}
