//! Organizations end to end through the router: create with a logo, invite, sign up from the
//! invitation link, promote, switch (the token's `o` claim, checked by `tessera-backend`), leave,
//! delete — and the permission matrix: non-members and plain members are refused, the last admin
//! stays.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::app::{config, multipart, Harness, PNG_1X1};
use serde_json::Value;
use tessera_backend::{Auth, Authorization, Verifier, VerifyOptions};

async fn token_claims(h: &mut Harness, session: &str) -> (String, Value) {
    let a = h
        .form("POST", &format!("/v1/client/sessions/{session}/tokens"), "")
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let jwt = a.body["jwt"].as_str().unwrap().to_owned();
    let payload = jwt.split('.').nth(1).unwrap();
    use base64::Engine as _;
    let claims = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    (jwt, claims)
}

async fn verifier(h: &mut Harness) -> Verifier {
    let jwks = h
        .form("GET", "/.well-known/jwks.json", "")
        .await
        .body
        .to_string();
    Verifier::from_jwks_json(VerifyOptions::new("http://127.0.0.1:4000"), &jwks).unwrap()
}

#[tokio::test]
async fn create_invite_join_promote_switch_leave_delete() {
    let mut alice = Harness::new(config());
    let (_, alice_session) = alice.signed_in("alice+clerk_test@example.com").await;

    // Create "Acme Rockets" with a logo.
    let created = alice
        .form("POST", "/v1/organizations", "name=Acme%20Rockets")
        .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let org = created.body["response"].clone();
    assert_eq!(org["slug"], "acme-rockets");
    assert_eq!(org["members_count"], 1);
    let org_id = org["id"].as_str().unwrap().to_owned();
    assert!(org_id.starts_with("org_"));
    let (content_type, body) = multipart(PNG_1X1, "image/png");
    let logo = alice
        .send_bytes(
            "PUT",
            &format!("/v1/organizations/{org_id}/logo"),
            body,
            &content_type,
        )
        .await;
    assert_eq!(logo.status, 200, "{}", logo.body);
    assert_eq!(logo.body["response"]["has_image"], true);
    let image_url = logo.body["response"]["image_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = image_url.strip_prefix("http://127.0.0.1:4000").unwrap();
    let served = alice.raw("GET", path).await;
    assert_eq!(served.0, 200);
    assert_eq!(served.1, PNG_1X1, "the logo is served back byte for byte");
    let (ct, text) = multipart(b"not an image at all", "image/png");
    alice
        .send_bytes(
            "PUT",
            &format!("/v1/organizations/{org_id}/logo"),
            text,
            &ct,
        )
        .await
        .refused(422, "image_invalid");

    // The creator is admin, visible on the user and in the roles list.
    let me = alice.form("GET", "/v1/me", "").await;
    assert_eq!(
        me.body["response"]["organization_memberships"][0]["role"],
        "org:admin"
    );
    let roles = alice
        .form("GET", &format!("/v1/organizations/{org_id}/roles"), "")
        .await;
    assert_eq!(roles.body["response"]["total_count"], 2);

    // Invite Bob; the email carries a link with a ticket.
    let invited = alice
        .form(
            "POST",
            &format!("/v1/organizations/{org_id}/invitations"),
            "email_address=bob%40example.com&role=org%3Amember",
        )
        .await;
    assert_eq!(invited.status, 200, "{}", invited.body);
    assert_eq!(invited.body["response"]["status"], "pending");
    let outbox = alice.form("GET", "/__dev/outbox", "").await;
    let mail = outbox.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|m| m["to"] == "bob@example.com")
        .unwrap()
        .clone();
    assert!(mail["subject"].as_str().unwrap().contains("Acme Rockets"));
    let body_text = mail["body"].as_str().unwrap();
    let ticket = body_text
        .split("__clerk_ticket=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    alice
        .form(
            "POST",
            &format!("/v1/organizations/{org_id}/invitations"),
            "email_address=bob%40example.com&role=org%3Amember",
        )
        .await
        .refused(422, "form_identifier_exists");

    // Bob signs up from the link: no code needed, he lands as a member.
    let mut bob = alice.browser();
    let up = bob
        .form(
            "POST",
            "/v1/client/sign_ups",
            &format!("strategy=ticket&ticket={ticket}&password=bobs+long+password"),
        )
        .await;
    assert_eq!(up.status, 200, "{}", up.body);
    assert_eq!(up.body["response"]["status"], "complete");
    assert_eq!(up.body["response"]["email_address"], "bob@example.com");
    let bob_session = up.body["response"]["created_session_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let bob_user = up.body["client"]["sessions"][0]["user"].clone();
    assert_eq!(
        bob_user["organization_memberships"][0]["organization"]["id"],
        org_id.as_str()
    );
    assert_eq!(
        bob_user["organization_memberships"][0]["role"],
        "org:member"
    );
    let bob_id = bob_user["id"].as_str().unwrap().to_owned();
    bob.form(
        "POST",
        "/v1/client/sign_ups",
        &format!("strategy=ticket&ticket={ticket}"),
    )
    .await
    .refused(400, "session_exists");

    // Member search finds Bob by email.
    let found = alice
        .form(
            "GET",
            &format!("/v1/organizations/{org_id}/memberships?query=bob&limit=5"),
            "",
        )
        .await;
    assert_eq!(found.body["response"]["total_count"], 1, "{}", found.body);
    assert_eq!(
        found.body["response"]["data"][0]["public_user_data"]["identifier"],
        "bob@example.com"
    );

    // A plain member cannot promote himself; Alice promotes him.
    bob.form(
        "PATCH",
        &format!("/v1/organizations/{org_id}/memberships/{bob_id}"),
        "role=org%3Aadmin",
    )
    .await
    .refused(403, "resource_forbidden");
    let promoted = alice
        .form(
            "PATCH",
            &format!("/v1/organizations/{org_id}/memberships/{bob_id}"),
            "role=org%3Aadmin",
        )
        .await;
    assert_eq!(
        promoted.body["response"]["role"], "org:admin",
        "{}",
        promoted.body
    );

    // Bob switches to the organization: the next token carries it, and tessera-backend's Auth sees it.
    let touched = bob
        .form(
            "POST",
            &format!("/v1/client/sessions/{bob_session}/touch"),
            &format!("active_organization_id={org_id}"),
        )
        .await;
    assert_eq!(
        touched.body["response"]["last_active_organization_id"],
        org_id.as_str(),
        "{}",
        touched.body
    );
    let (jwt, claims) = token_claims(&mut bob, &bob_session).await;
    assert_eq!(claims["o"]["id"], org_id.as_str());
    assert_eq!(claims["o"]["slg"], "acme-rockets");
    assert_eq!(claims["o"]["rol"], "admin");
    let verified = verifier(&mut bob).await.verify(&jwt).await.unwrap();
    let auth = Auth::from(verified);
    assert_eq!(auth.org_id.as_deref(), Some(org_id.as_str()));
    assert_eq!(auth.org_role.as_deref(), Some("org:admin"));
    assert!(auth.has(&Authorization::Permission(
        "org:sys_memberships:manage".into()
    )));
    assert!(auth.has(&Authorization::Role("org:admin".into())));
    // Back to the personal account: no `o` claim.
    bob.form(
        "POST",
        &format!("/v1/client/sessions/{bob_session}/touch"),
        "active_organization_id=",
    )
    .await;
    let (_, personal) = token_claims(&mut bob, &bob_session).await;
    assert!(personal.get("o").is_none(), "{personal}");
    let _ = alice_session;

    // Bob leaves; Alice, the last admin again, cannot leave; she deletes the organization.
    let left = bob
        .form(
            "DELETE",
            &format!("/v1/me/organization_memberships/{org_id}"),
            "",
        )
        .await;
    assert_eq!(left.status, 200, "{}", left.body);
    alice
        .form(
            "DELETE",
            &format!("/v1/me/organization_memberships/{org_id}"),
            "",
        )
        .await
        .refused(403, "organization_minimum_permissions_needed");
    let deleted = alice
        .form("DELETE", &format!("/v1/organizations/{org_id}"), "")
        .await;
    assert_eq!(
        deleted.body["response"]["deleted"], true,
        "{}",
        deleted.body
    );
    alice
        .form("GET", &format!("/v1/organizations/{org_id}"), "")
        .await
        .refused(404, "resource_not_found");
}

#[tokio::test]
async fn every_organization_endpoint_checks_membership_and_role() {
    let mut admin = Harness::new(config());
    admin.signed_in("admin+clerk_test@example.com").await;
    let org = admin
        .form("POST", "/v1/organizations", "name=Guarded&slug=guarded")
        .await;
    let org_id = org.body["response"]["id"].as_str().unwrap().to_owned();
    let admin_id = admin.form("GET", "/v1/me", "").await.body["response"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let mut member = admin.browser();
    member.signed_in("member+clerk_test@example.com").await;
    let member_id = member.form("GET", "/v1/me", "").await.body["response"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let added = admin
        .form(
            "POST",
            &format!("/v1/organizations/{org_id}/memberships"),
            &format!("user_id={member_id}&role=org%3Amember"),
        )
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
    let invitation = admin
        .form(
            "POST",
            &format!("/v1/organizations/{org_id}/invitations"),
            "email_address=later%40example.com&role=org%3Amember",
        )
        .await;
    let invitation_id = invitation.body["response"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let mut outsider = admin.browser();
    outsider.signed_in("outsider+clerk_test@example.com").await;

    let (ct, logo) = multipart(PNG_1X1, "image/png");
    // (method, path, body, needs admin)
    let endpoints: Vec<(&str, String, String, bool)> = vec![
        (
            "GET",
            format!("/v1/organizations/{org_id}"),
            String::new(),
            false,
        ),
        (
            "PATCH",
            format!("/v1/organizations/{org_id}"),
            "name=Renamed".into(),
            true,
        ),
        (
            "DELETE",
            format!("/v1/organizations/{org_id}/logo"),
            String::new(),
            true,
        ),
        (
            "GET",
            format!("/v1/organizations/{org_id}/memberships"),
            String::new(),
            false,
        ),
        (
            "POST",
            format!("/v1/organizations/{org_id}/memberships"),
            format!("user_id={admin_id}&role=org%3Amember"),
            true,
        ),
        (
            "PATCH",
            format!("/v1/organizations/{org_id}/memberships/{admin_id}"),
            "role=org%3Amember".into(),
            true,
        ),
        (
            "DELETE",
            format!("/v1/organizations/{org_id}/memberships/{admin_id}"),
            String::new(),
            true,
        ),
        (
            "GET",
            format!("/v1/organizations/{org_id}/invitations"),
            String::new(),
            false,
        ),
        (
            "POST",
            format!("/v1/organizations/{org_id}/invitations"),
            "email_address=x%40example.com&role=org%3Amember".into(),
            true,
        ),
        (
            "POST",
            format!("/v1/organizations/{org_id}/invitations/bulk"),
            "email_address=y%40example.com&role=org%3Amember".into(),
            true,
        ),
        (
            "POST",
            format!("/v1/organizations/{org_id}/invitations/{invitation_id}/revoke"),
            String::new(),
            true,
        ),
        (
            "GET",
            format!("/v1/organizations/{org_id}/roles"),
            String::new(),
            false,
        ),
        (
            "DELETE",
            format!("/v1/me/organization_memberships/{org_id}"),
            String::new(),
            false,
        ),
        (
            "DELETE",
            format!("/v1/organizations/{org_id}"),
            String::new(),
            true,
        ),
    ];
    for (method, path, body, _) in &endpoints {
        outsider
            .form(method, path, body)
            .await
            .refused(403, "not_a_member_in_organization");
    }
    outsider
        .send_bytes(
            "PUT",
            &format!("/v1/organizations/{org_id}/logo"),
            logo.clone(),
            &ct,
        )
        .await
        .refused(403, "not_a_member_in_organization");
    let outsider_sid = outsider_session(&mut outsider).await;
    outsider
        .form(
            "POST",
            &format!("/v1/client/sessions/{outsider_sid}/touch"),
            &format!("active_organization_id={org_id}"),
        )
        .await
        .refused(403, "not_a_member_in_organization");
    for (method, path, body, needs_admin) in &endpoints {
        if *needs_admin {
            member
                .form(method, path, body)
                .await
                .refused(403, "resource_forbidden");
        }
    }
    member
        .send_bytes(
            "PUT",
            &format!("/v1/organizations/{org_id}/logo"),
            logo,
            &ct,
        )
        .await
        .refused(403, "resource_forbidden");
    // The last admin can be neither demoted nor removed, and cannot leave.
    admin
        .form(
            "PATCH",
            &format!("/v1/organizations/{org_id}/memberships/{admin_id}"),
            "role=org%3Amember",
        )
        .await
        .refused(403, "organization_minimum_permissions_needed");
    admin
        .form(
            "DELETE",
            &format!("/v1/organizations/{org_id}/memberships/{admin_id}"),
            "",
        )
        .await
        .refused(403, "organization_minimum_permissions_needed");
    admin
        .form(
            "DELETE",
            &format!("/v1/me/organization_memberships/{org_id}"),
            "",
        )
        .await
        .refused(403, "organization_minimum_permissions_needed");
    // Bad input: unknown role, bad slug, taken slug, unknown organization.
    admin
        .form(
            "PATCH",
            &format!("/v1/organizations/{org_id}/memberships/{member_id}"),
            "role=org%3Aowner",
        )
        .await
        .refused(422, "form_param_value_invalid");
    admin
        .form(
            "PATCH",
            &format!("/v1/organizations/{org_id}"),
            "slug=Not%20A%20Slug",
        )
        .await
        .refused(422, "form_param_format_invalid");
    admin
        .form("POST", "/v1/organizations", "name=Other&slug=guarded")
        .await
        .refused(422, "form_identifier_exists");
    admin
        .form("POST", "/v1/organizations", "")
        .await
        .refused(422, "form_param_missing");
    admin
        .form("GET", "/v1/organizations/org_missing", "")
        .await
        .refused(404, "resource_not_found");
    admin
        .form(
            "GET",
            &format!("/v1/organizations/{org_id}/memberships?limit=abc"),
            "",
        )
        .await
        .refused(422, "form_param_format_invalid");
}

async fn outsider_session(h: &mut Harness) -> String {
    h.form("GET", "/v1/client", "").await.body["response"]["last_active_session_id"]
        .as_str()
        .unwrap()
        .to_owned()
}
