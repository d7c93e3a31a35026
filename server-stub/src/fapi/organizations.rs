//! Organizations (B2B): create, read, update, delete; logos; memberships with roles; invitations by
//! email; the signed-in user's memberships and invitations. Every endpoint checks the caller's
//! membership and role: non-members get `not_a_member_in_organization`, members without the needed
//! permission `resource_forbidden` (both 403), and the last admin can neither leave nor be demoted.

use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use tessera_core::ErrorCode;

use crate::error::{FapiError, FapiResult};
use crate::fapi::{present, Action, Fapi, Reply};
use crate::roles::{
    self, ADMIN, MEMBERSHIPS_MANAGE, MEMBERSHIPS_READ, PROFILE_DELETE, PROFILE_MANAGE,
};
use crate::store::{InvitationRecord, MembershipRecord, OrganizationRecord, UserRecord};
use crate::transport::Params;
use crate::AppState;

/// Invitations expire after thirty days.
const INVITATION_LIFETIME_MS: i64 = 30 * 24 * 3600 * 1000;
/// Longest organization name.
const MAX_NAME_CHARS: usize = 256;

/// `limit`, `offset`, `query`, `role` and `status` of list endpoints. Read leniently from the query
/// string: repeated keys are allowed (clerk-js sends `status=pending&status=accepted`), unknown keys
/// are ignored.
#[derive(Debug, Default)]
pub(crate) struct ListQuery {
    limit: Option<String>,
    offset: Option<String>,
    query: Option<String>,
    roles: Vec<String>,
    statuses: Vec<String>,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ListQuery {
    type Rejection = FapiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        let pairs: Vec<(String, String)> = parts
            .uri
            .query()
            .and_then(|q| serde_urlencoded::from_str(q).ok())
            .unwrap_or_default();
        let mut list = Self::default();
        for (key, value) in pairs {
            match key.trim_end_matches("[]") {
                "limit" => list.limit = Some(value),
                "offset" => list.offset = Some(value),
                "query" => list.query = Some(value),
                "role" => list.roles.extend(
                    value
                        .split(',')
                        .map(str::to_owned)
                        .filter(|v| !v.is_empty()),
                ),
                "status" => list.statuses.extend(
                    value
                        .split(',')
                        .map(str::to_owned)
                        .filter(|v| !v.is_empty()),
                ),
                _ => {}
            }
        }
        Ok(list)
    }
}

impl ListQuery {
    fn page(&self) -> FapiResult<(usize, usize)> {
        let number =
            |name: &str, value: &Option<String>, default: usize, max: usize| -> FapiResult<usize> {
                match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                    None => Ok(default),
                    Some(v) => v
                        .parse::<usize>()
                        .ok()
                        .filter(|n| *n <= max)
                        .ok_or_else(|| {
                            FapiError::param_invalid(
                                name,
                                format!("{name} must be a whole number from 0 to {max}."),
                            )
                        }),
                }
            };
        Ok((
            number("limit", &self.limit, 10, 500)?.max(1),
            number("offset", &self.offset, 0, usize::MAX)?,
        ))
    }
}

fn page_of<T: serde::Serialize>(items: Vec<T>, query: &ListQuery) -> FapiResult<Value> {
    let (limit, offset) = query.page()?;
    let total = items.len();
    let data: Vec<T> = items.into_iter().skip(offset).take(limit).collect();
    Ok(json!({"data": data, "total_count": total}))
}

fn not_member() -> FapiError {
    FapiError::new(
        StatusCode::FORBIDDEN,
        ErrorCode::NotAMemberInOrganization,
        "Not a member",
        "You are not a member of this organization.",
    )
}

fn forbidden(permission: &str) -> FapiError {
    FapiError::new(
        StatusCode::FORBIDDEN,
        ErrorCode::ResourceForbidden,
        "Not allowed",
        format!("Your role in this organization does not allow this ({permission} is needed)."),
    )
}

fn last_admin() -> FapiError {
    FapiError::new(
        StatusCode::FORBIDDEN,
        ErrorCode::OrganizationMinimumPermissionsNeeded,
        "An admin is needed",
        "An organization needs at least one admin: make another member admin first.",
    )
}

/// The organization and the caller's membership, or 403 for non-members (404 if it does not exist).
fn access(
    action: &Action<'_>,
    org_id: &str,
    permission: Option<&str>,
) -> FapiResult<(UserRecord, OrganizationRecord, MembershipRecord)> {
    let user = action.current_user()?;
    let org = action
        .store
        .organization(org_id)?
        .ok_or_else(|| FapiError::not_found("organization"))?;
    let membership = action
        .store
        .membership(&org.id, &user.id)?
        .ok_or_else(not_member)?;
    if let Some(permission) = permission {
        if !roles::grants(&membership.role, permission) {
            return Err(forbidden(permission));
        }
    }
    Ok((user, org, membership))
}

fn org_envelope(action: &Action<'_>, org: &OrganizationRecord) -> FapiResult<Value> {
    let wire = present::organization(action.store, action.state, org, action.now)?;
    action.envelope(serde_json::to_value(wire)?)
}

fn validate_name(params: &Params) -> FapiResult<Option<String>> {
    match params.optional("name") {
        None => Ok(None),
        Some(name)
            if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) =>
        {
            Err(FapiError::param_invalid(
                "name",
                format!("The name must be at most {MAX_NAME_CHARS} characters."),
            ))
        }
        Some(name) => Ok(Some(name.to_owned())),
    }
}

/// A slug from a name: lower-case ASCII letters and digits joined by single dashes.
pub(crate) fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-')
        .chars()
        .take(64)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

fn validate_slug(action: &Action<'_>, slug: &str, own_id: Option<&str>) -> FapiResult<()> {
    let shape_ok = !slug.is_empty()
        && slug.len() <= 64
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    if !shape_ok {
        return Err(FapiError::param_invalid(
            "slug",
            "Use lower-case letters, digits and single dashes (at most 64).",
        ));
    }
    if action
        .store
        .organization_by_slug(slug)?
        .is_some_and(|o| Some(o.id.as_str()) != own_id)
    {
        return Err(FapiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::FormIdentifierExists,
            "That slug is taken",
            "That slug is taken. Please try another.",
        )
        .param("slug"));
    }
    Ok(())
}

/// `POST /v1/organizations`: `name`, optional `slug`. The creator becomes its first admin.
pub(crate) async fn create(fapi: Fapi, params: Params) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let user = action.current_user()?;
        let name = validate_name(&params)?.ok_or_else(|| FapiError::param_missing("name"))?;
        let slug = match params.optional("slug") {
            Some(slug) => slug.to_owned(),
            None => {
                let base = slugify(&name);
                let base = if base.is_empty() {
                    "organization".to_owned()
                } else {
                    base
                };
                // Derived slugs get a short suffix when taken.
                let mut candidate = base.clone();
                while action.store.organization_by_slug(&candidate)?.is_some() {
                    candidate = format!("{base}-{}", crate::random::base62(4).to_lowercase());
                }
                candidate
            }
        };
        validate_slug(action, &slug, None)?;
        let org = OrganizationRecord {
            id: crate::random::id(tessera_core::ids::ORGANIZATION),
            name,
            slug,
            public_metadata: Map::new(),
            max_allowed_memberships: action.state.config().max_organization_memberships,
            created_by: user.id.clone(),
            logo_updated_at: None,
            created_at: action.now,
            updated_at: action.now,
        };
        action.store.put_organization(&org)?;
        action.store.put_membership(&MembershipRecord {
            id: crate::random::id(tessera_core::ids::ORGANIZATION_MEMBERSHIP),
            organization_id: org.id.clone(),
            user_id: user.id,
            role: ADMIN.to_owned(),
            created_at: action.now,
            updated_at: action.now,
        })?;
        org_envelope(action, &org)
    })
    .await
}

/// `GET /v1/organizations/{id}`.
pub(crate) async fn get(fapi: Fapi, Path(id): Path<String>) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let (_, org, _) = access(action, &id, None)?;
        org_envelope(action, &org)
    })
    .await
}

/// `PATCH /v1/organizations/{id}`: `name`, `slug` (needs `org:sys_profile:manage`).
pub(crate) async fn update(
    fapi: Fapi,
    Path(id): Path<String>,
    params: Params,
) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let (_, mut org, _) = access(action, &id, Some(PROFILE_MANAGE))?;
        if let Some(name) = validate_name(&params)? {
            org.name = name;
        }
        if let Some(slug) = params.optional("slug") {
            validate_slug(action, slug, Some(&org.id))?;
            org.slug = slug.to_owned();
        }
        org.updated_at = action.now;
        action.store.put_organization(&org)?;
        org_envelope(action, &org)
    })
    .await
}

/// `DELETE /v1/organizations/{id}` (needs `org:sys_profile:delete`). Sessions working in it fall
/// back to the personal account.
pub(crate) async fn delete(fapi: Fapi, Path(id): Path<String>) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let (_, org, _) = access(action, &id, Some(PROFILE_DELETE))?;
        for m in action.store.memberships_of_organization(&org.id)? {
            for mut session in action.store.sessions_of_user(&m.user_id)? {
                if session.last_active_organization_id.as_deref() == Some(org.id.as_str()) {
                    session.last_active_organization_id = None;
                    session.updated_at = action.now;
                    action.store.put_session(&session)?;
                }
            }
        }
        action.store.delete_organization(&org.id)?;
        action.envelope(json!({"object": "organization", "id": org.id, "deleted": true}))
    })
    .await
}

/// `PUT /v1/organizations/{id}/logo`: multipart field `file`, PNG/JPEG/WebP/GIF up to 1 MiB.
pub(crate) async fn put_logo(
    fapi: Fapi,
    Path(id): Path<String>,
    multipart: Multipart,
) -> FapiResult<Reply> {
    let (bytes, content_type) = super::images::read_upload(multipart).await?;
    fapi.write(move |action| {
        let (_, mut org, _) = access(action, &id, Some(PROFILE_MANAGE))?;
        action
            .store
            .put_logo(&org.id, content_type, &bytes, action.now)?;
        org.logo_updated_at = Some(action.now);
        org.updated_at = action.now;
        action.store.put_organization(&org)?;
        org_envelope(action, &org)
    })
    .await
}

/// `DELETE /v1/organizations/{id}/logo`.
pub(crate) async fn delete_logo(fapi: Fapi, Path(id): Path<String>) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let (_, mut org, _) = access(action, &id, Some(PROFILE_MANAGE))?;
        action.store.delete_logo(&org.id)?;
        org.logo_updated_at = None;
        org.updated_at = action.now;
        action.store.put_organization(&org)?;
        org_envelope(action, &org)
    })
    .await
}

/// `GET /v1/organizations/{id}/logo`: the image itself (public, like a CDN URL).
pub(crate) async fn get_logo(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> FapiResult<Response> {
    let db = state.clone();
    let logo = tokio::task::spawn_blocking(move || db.db().transaction(|store| store.logo(&id)))
        .await
        .map_err(|e| FapiError::internal(&e))??
        .ok_or_else(|| FapiError::not_found("logo"))?;
    let (content_type, bytes) = logo;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CACHE_CONTROL,
                "public, max-age=31536000, immutable".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /v1/organizations/{id}/memberships` (needs `org:sys_memberships:read`): `query` searches
/// names and email addresses; `role` filters.
pub(crate) async fn list_memberships(
    fapi: Fapi,
    Path(id): Path<String>,
    query: ListQuery,
) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let (_, org, _) = access(action, &id, Some(MEMBERSHIPS_READ))?;
        let needle = query
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_lowercase);
        let mut items = Vec::new();
        for m in action.store.memberships_of_organization(&org.id)? {
            if !query.roles.is_empty() && !query.roles.contains(&m.role) {
                continue;
            }
            let wire = present::membership(action.store, action.state, &m, true, action.now)?;
            if let Some(needle) = &needle {
                let data = wire.public_user_data.as_ref();
                let haystack = [
                    data.and_then(|d| d.first_name.clone()).unwrap_or_default(),
                    data.and_then(|d| d.last_name.clone()).unwrap_or_default(),
                    data.map(|d| d.identifier.clone()).unwrap_or_default(),
                ]
                .join(" ")
                .to_lowercase();
                if !haystack.contains(needle.as_str()) {
                    continue;
                }
            }
            items.push(wire);
        }
        let page = page_of(items, &query)?;
        action.envelope(page)
    })
    .await
}

fn role_param(params: &Params) -> FapiResult<String> {
    let role = params.required("role")?;
    roles::role(role)
        .map(|r| r.key.to_owned())
        .ok_or_else(|| FapiError::param_value_invalid("role", format!("Unknown role {role}.")))
}

fn admins(action: &Action<'_>, org_id: &str) -> FapiResult<usize> {
    Ok(action
        .store
        .memberships_of_organization(org_id)?
        .iter()
        .filter(|m| m.role == ADMIN)
        .count())
}

fn add_member(
    action: &Action<'_>,
    org: &OrganizationRecord,
    user_id: &str,
    role: &str,
) -> FapiResult<MembershipRecord> {
    if action.store.membership(&org.id, user_id)?.is_some() {
        return Err(FapiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::FormIdentifierExists,
            "Already a member",
            "This user is already a member of the organization.",
        ));
    }
    let count = action.store.memberships_of_organization(&org.id)?.len();
    if org.max_allowed_memberships > 0 && count >= org.max_allowed_memberships as usize {
        return Err(FapiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::OrganizationMembershipQuotaExceeded,
            "Organization is full",
            format!(
                "This organization has reached its maximum of {} members.",
                org.max_allowed_memberships
            ),
        ));
    }
    let membership = MembershipRecord {
        id: crate::random::id(tessera_core::ids::ORGANIZATION_MEMBERSHIP),
        organization_id: org.id.clone(),
        user_id: user_id.to_owned(),
        role: role.to_owned(),
        created_at: action.now,
        updated_at: action.now,
    };
    action.store.put_membership(&membership)?;
    Ok(membership)
}

/// `POST /v1/organizations/{id}/memberships`: add an existing user (`user_id`, `role`).
pub(crate) async fn create_membership(
    fapi: Fapi,
    Path(id): Path<String>,
    params: Params,
) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let (_, org, _) = access(action, &id, Some(MEMBERSHIPS_MANAGE))?;
        let user_id = params.required("user_id")?;
        let role = role_param(&params)?;
        action
            .store
            .user(user_id)?
            .ok_or_else(|| FapiError::not_found("user").param("user_id"))?;
        let m = add_member(action, &org, user_id, &role)?;
        let wire = present::membership(action.store, action.state, &m, true, action.now)?;
        action.envelope(serde_json::to_value(wire)?)
    })
    .await
}

/// `PATCH /v1/organizations/{id}/memberships/{user_id}`: change a member's `role`.
pub(crate) async fn update_membership(
    fapi: Fapi,
    Path((id, user_id)): Path<(String, String)>,
    params: Params,
) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let (_, org, _) = access(action, &id, Some(MEMBERSHIPS_MANAGE))?;
        let role = role_param(&params)?;
        let mut m = action
            .store
            .membership(&org.id, &user_id)?
            .ok_or_else(|| FapiError::not_found("membership"))?;
        if m.role == ADMIN && role != ADMIN && admins(action, &org.id)? <= 1 {
            return Err(last_admin());
        }
        m.role = role;
        m.updated_at = action.now;
        action.store.put_membership(&m)?;
        let wire = present::membership(action.store, action.state, &m, true, action.now)?;
        action.envelope(serde_json::to_value(wire)?)
    })
    .await
}

fn remove_member(
    action: &Action<'_>,
    org: &OrganizationRecord,
    m: &MembershipRecord,
) -> FapiResult<Value> {
    if m.role == ADMIN && admins(action, &org.id)? <= 1 {
        return Err(last_admin());
    }
    let wire = present::membership(action.store, action.state, m, true, action.now)?;
    action.store.delete_membership(&m.id)?;
    for mut session in action.store.sessions_of_user(&m.user_id)? {
        if session.last_active_organization_id.as_deref() == Some(org.id.as_str()) {
            session.last_active_organization_id = None;
            session.updated_at = action.now;
            action.store.put_session(&session)?;
        }
    }
    Ok(serde_json::to_value(wire)?)
}

/// `DELETE /v1/organizations/{id}/memberships/{user_id}`: remove a member.
pub(crate) async fn delete_membership(
    fapi: Fapi,
    Path((id, user_id)): Path<(String, String)>,
) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let (_, org, _) = access(action, &id, Some(MEMBERSHIPS_MANAGE))?;
        let m = action
            .store
            .membership(&org.id, &user_id)?
            .ok_or_else(|| FapiError::not_found("membership"))?;
        let removed = remove_member(action, &org, &m)?;
        action.envelope(removed)
    })
    .await
}

/// `GET /v1/organizations/{id}/roles`.
pub(crate) async fn list_roles(
    fapi: Fapi,
    Path(id): Path<String>,
    query: ListQuery,
) -> FapiResult<Reply> {
    fapi.write(move |action| {
        access(action, &id, None)?;
        let page = page_of(present::roles(), &query)?;
        action.envelope(page)
    })
    .await
}

/// `GET /v1/organizations/{id}/invitations` (needs `org:sys_memberships:read`); `status` filters.
pub(crate) async fn list_invitations(
    fapi: Fapi,
    Path(id): Path<String>,
    query: ListQuery,
) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let (_, org, _) = access(action, &id, Some(MEMBERSHIPS_READ))?;
        let mut items = Vec::new();
        for inv in action
            .store
            .invitations_of_organization(&org.id)?
            .iter()
            .rev()
        {
            if !query.statuses.is_empty()
                && !query
                    .statuses
                    .iter()
                    .any(|s| s == inv.status_at(action.now))
            {
                continue;
            }
            items.push(present::invitation(
                action.store,
                action.state,
                inv,
                action.now,
            )?);
        }
        let page = page_of(items, &query)?;
        action.envelope(page)
    })
    .await
}

fn invite(
    action: &Action<'_>,
    org: &OrganizationRecord,
    inviter: &UserRecord,
    email: &str,
    role: &str,
    redirect_url: Option<&str>,
) -> FapiResult<InvitationRecord> {
    let email = crate::fapi::sign_ups::normalize_email(email, "email_address")?;
    if let Some(ident) = action
        .store
        .identification_by_value("email_address", &email)?
    {
        if action.store.membership(&org.id, &ident.user_id)?.is_some() {
            return Err(FapiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::FormIdentifierExists,
                "Already a member",
                format!("{email} is already a member of this organization."),
            )
            .param("email_address"));
        }
    }
    if action
        .store
        .invitations_to(&email)?
        .iter()
        .any(|i| i.organization_id == org.id && i.status_at(action.now) == "pending")
    {
        return Err(FapiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::FormIdentifierExists,
            "Already invited",
            format!("{email} already has a pending invitation."),
        )
        .param("email_address"));
    }
    let ticket = crate::random::base62(40);
    let base = redirect_url
        .map(str::to_owned)
        .or_else(|| action.ctx.origin.as_ref().map(|o| format!("{o}/sign-up")))
        .unwrap_or_else(|| format!("{}/sign-up", action.state.frontend_api_url()));
    let separator = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{separator}__clerk_ticket={ticket}");
    let inv = InvitationRecord {
        id: crate::random::id(tessera_core::ids::ORGANIZATION_INVITATION),
        organization_id: org.id.clone(),
        email_address: email.clone(),
        role: role.to_owned(),
        status: "pending".to_owned(),
        ticket,
        url: url.clone(),
        inviter_id: inviter.id.clone(),
        expires_at: action.now + INVITATION_LIFETIME_MS,
        created_at: action.now,
        updated_at: action.now,
    };
    action.store.put_invitation(&inv)?;
    let inviter_name = [inviter.first_name.as_deref(), inviter.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let inviter_name = if inviter_name.is_empty() {
        "A member".to_owned()
    } else {
        inviter_name
    };
    action.store.push_outbox(&crate::store::OutboxMessage {
        id: crate::random::id("msg"),
        channel: "email".to_owned(),
        to: email,
        subject: format!("{inviter_name} invited you to join {}", org.name),
        body: format!(
            "{inviter_name} invited you to join {} on {}. Accept the invitation: {url}",
            org.name,
            action.state.config().application_name
        ),
        code: None,
        created_at: action.now,
    })?;
    Ok(inv)
}

/// `POST /v1/organizations/{id}/invitations`: `email_address`, `role`, optional `redirect_url`.
pub(crate) async fn create_invitation(
    fapi: Fapi,
    Path(id): Path<String>,
    params: Params,
) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let (user, org, _) = access(action, &id, Some(MEMBERSHIPS_MANAGE))?;
        let email = params.required("email_address")?;
        let role = role_param(&params)?;
        let inv = invite(
            action,
            &org,
            &user,
            email,
            &role,
            params.optional("redirect_url"),
        )?;
        let wire = present::invitation(action.store, action.state, &inv, action.now)?;
        action.envelope(serde_json::to_value(wire)?)
    })
    .await
}

/// `POST /v1/organizations/{id}/invitations/bulk`: `email_address` as a JSON array or a
/// comma-separated list, one `role` for all.
pub(crate) async fn create_invitations_bulk(
    fapi: Fapi,
    Path(id): Path<String>,
    params: Params,
) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let (user, org, _) = access(action, &id, Some(MEMBERSHIPS_MANAGE))?;
        let raw = params.required("email_address")?;
        let emails: Vec<String> = match serde_json::from_str::<Vec<String>>(raw) {
            Ok(list) => list,
            Err(_) => raw
                .split(',')
                .map(|e| e.trim().to_owned())
                .filter(|e| !e.is_empty())
                .collect(),
        };
        if emails.is_empty() || emails.len() > 50 {
            return Err(FapiError::param_invalid(
                "email_address",
                "Give between 1 and 50 email addresses.",
            ));
        }
        let role = role_param(&params)?;
        let mut created = Vec::new();
        for email in &emails {
            let inv = invite(
                action,
                &org,
                &user,
                email,
                &role,
                params.optional("redirect_url"),
            )?;
            created.push(present::invitation(
                action.store,
                action.state,
                &inv,
                action.now,
            )?);
        }
        action.envelope(serde_json::to_value(created)?)
    })
    .await
}

/// `POST /v1/organizations/{id}/invitations/{invitation_id}/revoke`.
pub(crate) async fn revoke_invitation(
    fapi: Fapi,
    Path((id, invitation_id)): Path<(String, String)>,
) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let (_, org, _) = access(action, &id, Some(MEMBERSHIPS_MANAGE))?;
        let mut inv = action
            .store
            .invitation(&invitation_id)?
            .filter(|i| i.organization_id == org.id)
            .ok_or_else(|| FapiError::not_found("invitation"))?;
        if inv.status_at(action.now) != "pending" {
            return Err(not_pending());
        }
        inv.status = "revoked".to_owned();
        inv.updated_at = action.now;
        action.store.put_invitation(&inv)?;
        let wire = present::invitation(action.store, action.state, &inv, action.now)?;
        action.envelope(serde_json::to_value(wire)?)
    })
    .await
}

fn not_pending() -> FapiError {
    FapiError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::InvitationNotPending,
        "Invitation not pending",
        "This invitation was already accepted, revoked or has expired.",
    )
}

/// `GET /v1/me/organization_memberships`: the signed-in user's organizations.
pub(crate) async fn my_memberships(fapi: Fapi, query: ListQuery) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let user = action.current_user()?;
        let items = action
            .store
            .memberships_of_user(&user.id)?
            .iter()
            .map(|m| present::membership(action.store, action.state, m, true, action.now))
            .collect::<FapiResult<Vec<_>>>()?;
        let page = page_of(items, &query)?;
        action.envelope(page)
    })
    .await
}

/// `DELETE /v1/me/organization_memberships/{organization_id}`: leave an organization.
pub(crate) async fn leave(fapi: Fapi, Path(org_id): Path<String>) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let (_, org, m) = access(action, &org_id, None)?;
        remove_member(action, &org, &m)?;
        action.envelope(json!({"object": "organization_membership", "id": m.id, "deleted": true}))
    })
    .await
}

fn verified_emails(action: &Action<'_>, user: &UserRecord) -> FapiResult<Vec<String>> {
    Ok(action
        .store
        .identifications_of(&user.id)?
        .into_iter()
        .filter(|i| i.kind == "email_address" && i.verified)
        .map(|i| i.value)
        .collect())
}

/// `GET /v1/me/organization_suggestions`: suggestions come from verified organization domains,
/// which this server does not offer (`organization_settings.domains.enabled` is false), so the list
/// is always empty — but it is the signed-in user's (empty) list, not an error.
pub(crate) async fn my_suggestions(fapi: Fapi, query: ListQuery) -> FapiResult<Reply> {
    fapi.write(move |action| {
        action.current_user()?;
        let page = page_of(Vec::<Value>::new(), &query)?;
        action.envelope(page)
    })
    .await
}

/// `GET /v1/me/organization_invitations`: invitations to the user's verified addresses.
pub(crate) async fn my_invitations(fapi: Fapi, query: ListQuery) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let user = action.current_user()?;
        let mut items = Vec::new();
        for email in verified_emails(action, &user)? {
            for inv in action.store.invitations_to(&email)? {
                let status = inv.status_at(action.now);
                let wanted = if query.statuses.is_empty() {
                    status == "pending"
                } else {
                    query.statuses.iter().any(|s| s == status)
                };
                if wanted {
                    items.push(present::invitation(
                        action.store,
                        action.state,
                        &inv,
                        action.now,
                    )?);
                }
            }
        }
        let page = page_of(items, &query)?;
        action.envelope(page)
    })
    .await
}

/// Accept an invitation for `user` (whose verified address it must be sent to).
pub(crate) fn accept(
    action: &Action<'_>,
    inv: &mut InvitationRecord,
    user: &UserRecord,
) -> FapiResult<MembershipRecord> {
    if inv.status_at(action.now) != "pending" {
        return Err(not_pending());
    }
    let org = action
        .store
        .organization(&inv.organization_id)?
        .ok_or_else(|| FapiError::not_found("organization"))?;
    let m = match action.store.membership(&org.id, &user.id)? {
        Some(existing) => existing,
        None => add_member(action, &org, &user.id, &inv.role)?,
    };
    inv.status = "accepted".to_owned();
    inv.updated_at = action.now;
    action.store.put_invitation(inv)?;
    Ok(m)
}

/// `POST /v1/me/organization_invitations/{id}/accept`.
pub(crate) async fn accept_invitation(fapi: Fapi, Path(id): Path<String>) -> FapiResult<Reply> {
    fapi.write(move |action| {
        let user = action.current_user()?;
        let emails = verified_emails(action, &user)?;
        let mut inv = action
            .store
            .invitation(&id)?
            .filter(|i| emails.contains(&i.email_address))
            .ok_or_else(|| FapiError::not_found("invitation"))?;
        accept(action, &mut inv, &user)?;
        let wire = present::invitation(action.store, action.state, &inv, action.now)?;
        action.envelope(serde_json::to_value(wire)?)
    })
    .await
}

/// The active organization of a session as the `touch` endpoint sets it: `None` for the personal
/// account; the caller must be a member.
pub(crate) fn active_organization(
    action: &Action<'_>,
    user_id: &str,
    value: &str,
) -> FapiResult<Option<String>> {
    if value.is_empty() || value == "null" {
        return Ok(None);
    }
    let org = action
        .store
        .organization(value)?
        .or(action.store.organization_by_slug(value)?)
        .ok_or_else(|| FapiError::not_found("organization").param("active_organization_id"))?;
    action
        .store
        .membership(&org.id, user_id)?
        .ok_or_else(|| not_member().param("active_organization_id"))?;
    Ok(Some(org.id))
}
