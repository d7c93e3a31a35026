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
        let form = Form::new().field("name", name).optional("slug", slug);
        self.run(request(Endpoint::Create, "", "", form)).await
    }

    /// Rename an organization or change its slug (needs `org:sys_profile:manage`).
    pub async fn update(
        &self,
        id: &str,
        changes: UpdateOrganization,
    ) -> Result<Organization, SdkError> {
        let form = Form::new()
            .optional("name", changes.name)
            .optional("slug", changes.slug);
        self.run(request(Endpoint::Update, id, "", form)).await
    }

    /// Upload a logo: PNG, JPEG, WebP or GIF, at most 1 MB.
    pub async fn set_logo(&self, id: &str, logo: Upload) -> Result<Organization, SdkError> {
        self.run(request(Endpoint::Logo, id, "", Form::new().file(logo)))
            .await
    }

    /// Delete an organization (needs `org:sys_profile:delete`); sessions working in it fall
    /// back to the personal account.
    pub async fn delete(&self, id: &str) -> Result<(), SdkError> {
        let call = request(Endpoint::Delete, id, "", Form::new());
        self.runtime.mutate(call).await.map(drop)
    }

    /// Leave an organization (the last admin cannot).
    pub async fn leave(&self, id: &str) -> Result<(), SdkError> {
        let call = request(Endpoint::Leave, id, "", Form::new());
        self.runtime.mutate(call).await.map(drop)
    }

    /// One page of an organization's members; `query` searches names and email addresses.
    pub async fn memberships(
        &self,
        id: &str,
        page: PageRequest,
        query: Option<&str>,
    ) -> Result<Paginated<OrganizationMembership>, SdkError> {
        let query = page_query(page, "query", query.map(str::to_owned));
        self.run(request(Endpoint::Memberships, id, "", query))
            .await
    }

    /// Give a member another role (`org:admin`, `org:member`).
    pub async fn update_member_role(
        &self,
        id: &str,
        user_id: &str,
        role: &str,
    ) -> Result<OrganizationMembership, SdkError> {
        let form = Form::new().field("role", role);
        self.run(request(Endpoint::UpdateMember, id, user_id, form))
            .await
    }

    /// Remove a member.
    pub async fn remove_member(
        &self,
        id: &str,
        user_id: &str,
    ) -> Result<OrganizationMembership, SdkError> {
        self.run(request(Endpoint::RemoveMember, id, user_id, Form::new()))
            .await
    }

    /// One page of an organization's invitations, newest first; `status` filters
    /// (`pending`, `accepted`, `revoked`, `expired`).
    pub async fn invitations(
        &self,
        id: &str,
        page: PageRequest,
        status: Option<&str>,
    ) -> Result<Paginated<OrganizationInvitation>, SdkError> {
        let query = page_query(page, "status", status.map(str::to_owned));
        self.run(request(Endpoint::Invitations, id, "", query))
            .await
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
            .mutate(request(
                Endpoint::Invite,
                id,
                "",
                invite_form(email_addresses, role),
            ))
            .await?;
        Ok(response.items().iter().map(FromJson::from_json).collect())
    }

    /// Revoke a pending invitation.
    pub async fn revoke_invitation(
        &self,
        id: &str,
        invitation_id: &str,
    ) -> Result<OrganizationInvitation, SdkError> {
        self.run(request(Endpoint::Revoke, id, invitation_id, Form::new()))
            .await
    }

    /// The roles a member may have.
    pub async fn roles(&self, id: &str, page: PageRequest) -> Result<Paginated<Role>, SdkError> {
        let query = page_query(page, "", None);
        self.run(request(Endpoint::Roles, id, "", query)).await
    }

    /// One page of the signed-in user's memberships (all of them are also in
    /// [`crate::User::organization_memberships`]).
    pub async fn user_memberships(
        &self,
        page: PageRequest,
    ) -> Result<Paginated<OrganizationMembership>, SdkError> {
        let query = page_query(page, "", None);
        self.run(request(Endpoint::UserMemberships, "", "", query))
            .await
    }

    /// One page of the invitations sent to the user's verified email addresses (pending ones
    /// unless `status` says otherwise).
    pub async fn user_invitations(
        &self,
        page: PageRequest,
        status: Option<&str>,
    ) -> Result<Paginated<UserOrganizationInvitation>, SdkError> {
        let query = page_query(page, "status", status.map(str::to_owned));
        self.run(request(Endpoint::UserInvitations, "", "", query))
            .await
    }

    /// Accept one of the user's invitations: the user becomes a member.
    pub async fn accept_invitation(
        &self,
        invitation_id: &str,
    ) -> Result<UserOrganizationInvitation, SdkError> {
        self.run(request(Endpoint::Accept, invitation_id, "", Form::new()))
            .await
    }
}

// The requests, apart from the calls: one table of routes and one builder, which the JS facade
// uses too (so the browser bundle has one copy of them).

/// An organization endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    Create,
    Update,
    Logo,
    Delete,
    Leave,
    Memberships,
    UpdateMember,
    RemoveMember,
    Invitations,
    Invite,
    Revoke,
    Roles,
    UserMemberships,
    UserInvitations,
    Accept,
}

impl Endpoint {
    /// The method, and the path around the two ids: `{0}{a}{1}{b}{2}`. Every GET is a list.
    fn route(self) -> (Method, [&'static str; 3]) {
        use Method::{Delete, Get, Patch, Post, Put};
        match self {
            Self::Create => (Post, ["/organizations", "", ""]),
            Self::Update => (Patch, ["/organizations/", "", ""]),
            Self::Logo => (Put, ["/organizations/", "/logo", ""]),
            Self::Delete => (Delete, ["/organizations/", "", ""]),
            Self::Leave => (Delete, ["/me/organization_memberships/", "", ""]),
            Self::Memberships => (Get, ["/organizations/", "/memberships", ""]),
            Self::UpdateMember => (Patch, ["/organizations/", "/memberships/", ""]),
            Self::RemoveMember => (Delete, ["/organizations/", "/memberships/", ""]),
            Self::Invitations => (Get, ["/organizations/", "/invitations", ""]),
            Self::Invite => (Post, ["/organizations/", "/invitations/bulk", ""]),
            Self::Revoke => (Post, ["/organizations/", "/invitations/", "/revoke"]),
            Self::Roles => (Get, ["/organizations/", "/roles", ""]),
            Self::UserMemberships => (Get, ["/me/organization_memberships", "", ""]),
            Self::UserInvitations => (Get, ["/me/organization_invitations", "", ""]),
            Self::Accept => (Post, ["/me/organization_invitations/", "/accept", ""]),
        }
    }

    /// Whether it answers with a page `{data, total_count}` (the JS facade asks).
    #[cfg_attr(
        not(all(target_arch = "wasm32", feature = "js-facade")),
        allow(dead_code)
    )]
    pub(crate) fn is_list(self) -> bool {
        self.route().0 == Method::Get
    }
}

/// The request to `endpoint` about `a` and `b` (the ids its path has; empty otherwise). A list
/// sends `form` as its query.
pub(crate) fn request(endpoint: Endpoint, a: &str, b: &str, form: Form) -> Call {
    let (method, [head, middle, tail]) = endpoint.route();
    let mut path = [head, a, middle, b, tail].concat();
    if method != Method::Get {
        return Call { method, path, form };
    }
    path.push('?');
    path.push_str(&form.encode());
    Call {
        method,
        path,
        form: Form::new(),
    }
}

/// The query of a list: `limit`, `offset`, and a filter (`query`, `status`) when there is one.
pub(crate) fn page_query(page: PageRequest, key: &'static str, value: Option<String>) -> Form {
    let decimal = |n: u64| {
        let mut text = String::new();
        crate::error::push_decimal(n, &mut text);
        text
    };
    Form::new()
        .field("limit", decimal(u64::from(page.limit())))
        .field("offset", decimal(page.offset()))
        .optional(key, value)
}

/// The form of `POST …/invitations/bulk`: a comma-separated list (addresses have no commas) and
/// one role. Not `join`: its separator variant would be one more copy of the joining code in the
/// bundle.
pub(crate) fn invite_form(email_addresses: &[String], role: &str) -> Form {
    let mut list = String::new();
    for address in email_addresses {
        if !list.is_empty() {
            list.push(',');
        }
        list.push_str(address);
    }
    Form::new().field("email_address", list).field("role", role)
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
        let query = page_query(page, "query", Some("ada l".into()));
        let call = request(Endpoint::Memberships, "org_1", "", query);
        assert_eq!(
            call.path,
            "/organizations/org_1/memberships?limit=20&offset=40&query=ada+l"
        );
        assert_eq!(call.method, Method::Get);
        assert!(call.form.is_empty());
        let first = page_query(PageRequest::default(), "", None);
        let call = request(Endpoint::UserMemberships, "", "", first);
        assert_eq!(call.path, "/me/organization_memberships?limit=10&offset=0");
    }

    #[test]
    fn routes_put_the_ids_in_place() {
        let path = |endpoint, a, b| request(endpoint, a, b, Form::new()).path;
        assert_eq!(path(Endpoint::Create, "", ""), "/organizations");
        assert_eq!(
            path(Endpoint::UpdateMember, "org_1", "user_2"),
            "/organizations/org_1/memberships/user_2"
        );
        assert_eq!(
            path(Endpoint::Revoke, "org_1", "orginv_2"),
            "/organizations/org_1/invitations/orginv_2/revoke"
        );
        assert_eq!(
            path(Endpoint::Accept, "orginv_2", ""),
            "/me/organization_invitations/orginv_2/accept"
        );
        assert_eq!(
            path(Endpoint::Leave, "org_1", ""),
            "/me/organization_memberships/org_1"
        );
        let delete = request(Endpoint::Delete, "org_1", "", Form::new());
        assert_eq!(delete.method, Method::Delete);
        assert!(!Endpoint::Invite.is_list() && Endpoint::Roles.is_list());
    }

    #[test]
    fn invitations_go_to_the_bulk_endpoint_as_one_list() {
        let emails = ["a@example.com".to_owned(), "b@example.com".to_owned()];
        let form = invite_form(&emails, "org:member");
        let call = request(Endpoint::Invite, "org_1", "", form);
        assert_eq!(call.path, "/organizations/org_1/invitations/bulk");
        assert_eq!(
            call.form.encode(),
            "email_address=a%40example.com%2Cb%40example.com&role=org%3Amember"
        );
    }
}
