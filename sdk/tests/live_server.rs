//! The browser build against a running `tessera-server`: real `fetch` with credentials across
//! origins, the dev-browser token, envelopes, session tokens and the `__session` cookie.
//!
//! The server URL is fixed at compile time; without it the tests print a note and pass:
//! `TESSERA_TEST_FAPI_URL=http://127.0.0.1:PORT wasm-pack test --headless --chrome sdk`.
#![cfg(target_arch = "wasm32")]

use tessera_core::{ErrorCode, SessionClaims, SignInStatus, SignUpStatus};
use tessera_sdk::cookies::Cookies as _;
use tessera_sdk::resources::sign_in::{
    AttemptFirstFactor, CreateSignIn, PrepareFirstFactor, ResetPassword,
};
use tessera_sdk::resources::sign_up::SignUpFields;
use tessera_sdk::resources::user::UpdateUser;
use tessera_sdk::{GetTokenOptions, Platform, Runtime, RuntimeOptions, SignOut};
use wasm_bindgen::JsCast as _;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const FAPI_URL: Option<&str> = option_env!("TESSERA_TEST_FAPI_URL");
const PASSWORD: &str = "correct horse battery staple";

fn runtime(name: &str, dev_browser: bool) -> Option<Runtime> {
    let Some(url) = FAPI_URL.filter(|u| !u.is_empty()) else {
        console_log!("{name}: skipped, TESSERA_TEST_FAPI_URL was not set at compile time");
        return None;
    };
    // Each test starts with a client of its own.
    tessera_sdk::cookies::DocumentCookies.set(tessera_sdk::cookies::DEV_BROWSER, None);
    let options = RuntimeOptions {
        frontend_api: url.to_owned(),
        dev_browser,
    };
    Some(Runtime::new(options, Platform::browser()))
}

fn session_cookie() -> Option<String> {
    let document: web_sys::HtmlDocument = web_sys::window()?.document()?.dyn_into().ok()?;
    let cookies = document.cookie().ok()?;
    cookies
        .split("; ")
        .find_map(|c| c.strip_prefix("__session="))
        .map(str::to_owned)
}

fn unique_email(tag: &str) -> String {
    format!(
        "sdk-{tag}-{}+clerk_test@example.com",
        js_sys::Date::now() as u64
    )
}

async fn sign_up(runtime: &Runtime, email: &str) {
    let sign_up = runtime
        .sign_up()
        .create(SignUpFields {
            email_address: Some(email.to_owned()),
            password: Some(PASSWORD.to_owned()),
            ..Default::default()
        })
        .await
        .expect("create sign-up");
    assert_eq!(sign_up.status, SignUpStatus::MissingRequirements);
    runtime
        .sign_up()
        .prepare_verification(&sign_up.id, "email_code")
        .await
        .expect("prepare verification");
    let done = runtime
        .sign_up()
        .attempt_verification(&sign_up.id, "email_code", "424242")
        .await
        .expect("attempt verification");
    assert_eq!(done.status, SignUpStatus::Complete);
}

#[wasm_bindgen_test]
async fn sign_up_get_token_and_sign_out_with_the_dev_browser() {
    let Some(runtime) = runtime("dev browser flow", true) else {
        return;
    };
    runtime.load().await.expect("load");
    assert!(runtime.fapi().dev_browser_token().is_some());
    assert!(runtime.snapshot().is_loaded);
    assert!(!runtime.snapshot().is_signed_in());

    let email = unique_email("dvb");
    sign_up(&runtime, &email).await;

    let snapshot = runtime.snapshot();
    assert!(
        snapshot.is_signed_in(),
        "the sign-up's client has the new session"
    );
    let session = snapshot.active_session().expect("active session");
    let user = snapshot.user().expect("user");
    let address = user
        .primary_email_address()
        .map(|e| e.email_address.clone());
    assert_eq!(address, Some(email.clone()));

    let token = runtime
        .get_token(GetTokenOptions::default())
        .await
        .expect("token")
        .expect("signed in");
    let claims = SessionClaims::decode_unverified(&token).expect("a JWT");
    assert_eq!(
        (claims.sid.as_str(), claims.sub.as_str()),
        (session.id.as_str(), user.id.as_str())
    );
    assert_eq!(claims.exp - claims.iat, 60);
    let again = runtime
        .get_token(GetTokenOptions::default())
        .await
        .expect("cached");
    assert_eq!(
        again.as_deref(),
        Some(token.as_str()),
        "fresh tokens come from the cache"
    );
    assert_eq!(session_cookie(), Some(token));

    // A page reload: a new runtime finds the dev-browser token in its cookie and the same session.
    let reloaded = Runtime::new(
        RuntimeOptions {
            frontend_api: runtime.fapi().frontend_api().to_owned(),
            dev_browser: true,
        },
        Platform::browser(),
    );
    reloaded.load().await.expect("reload");
    assert_eq!(
        reloaded.snapshot().active_session().map(|s| s.id.clone()),
        Some(session.id.clone())
    );

    let updated = runtime
        .update_user(UpdateUser {
            first_name: Some("Ada".into()),
            ..Default::default()
        })
        .await
        .expect("update user");
    assert_eq!(updated.first_name.as_deref(), Some("Ada"));
    let shown = runtime.snapshot().user().and_then(|u| u.first_name.clone());
    assert_eq!(
        shown.as_deref(),
        Some("Ada"),
        "the envelope's client replaced the state"
    );

    runtime
        .sign_out(SignOut::default())
        .await
        .expect("sign out");
    assert!(!runtime.snapshot().is_signed_in());
    assert_eq!(
        runtime.get_token(GetTokenOptions::default()).await,
        Ok(None)
    );
    assert_eq!(session_cookie(), None);

    // Signing in again with the password, after a wrong one.
    let wrong = runtime
        .sign_in()
        .create(CreateSignIn {
            identifier: Some(email.clone()),
            password: Some("not the password".into()),
            ..Default::default()
        })
        .await
        .expect_err("wrong password");
    assert_eq!(wrong.code(), Some(ErrorCode::FormPasswordIncorrect));
    assert_eq!(wrong.param_name(), Some("password"));
    let signed_in = runtime
        .sign_in()
        .create(CreateSignIn {
            identifier: Some(email),
            password: Some(PASSWORD.into()),
            ..Default::default()
        })
        .await
        .expect("sign in");
    assert!(signed_in.created_session_id.is_some());
    assert!(runtime.snapshot().is_signed_in());
    runtime
        .sign_out(SignOut::default())
        .await
        .expect("sign out");
}

#[wasm_bindgen_test]
async fn the_client_cookie_carries_the_client_across_origins() {
    // Production style: no dev-browser token, the HttpOnly `__client` cookie set by the FAPI origin.
    let Some(runtime) = runtime("cookie flow", false) else {
        return;
    };
    runtime.load().await.expect("load");
    let email = unique_email("cookie");
    sign_up(&runtime, &email).await;
    assert!(runtime.snapshot().is_signed_in());

    // A second runtime in the same browser sees the same client through the cookie.
    let other = self::runtime("cookie flow", false).expect("configured");
    other.load().await.expect("load");
    assert_eq!(
        other.snapshot().active_session().map(|s| s.id.clone()),
        runtime.snapshot().active_session().map(|s| s.id.clone())
    );
    runtime
        .sign_out(SignOut::default())
        .await
        .expect("sign out");
}

#[wasm_bindgen_test]
async fn forgot_password_with_an_email_code_then_sign_in_with_the_new_one() {
    let Some(runtime) = runtime("forgot password", true) else {
        return;
    };
    runtime.load().await.expect("load");
    let email = unique_email("reset");
    sign_up(&runtime, &email).await;
    runtime
        .sign_out(SignOut::default())
        .await
        .expect("sign out");

    let sign_in = runtime
        .sign_in()
        .create(CreateSignIn {
            identifier: Some(email.clone()),
            ..Default::default()
        })
        .await
        .expect("identifier");
    assert_eq!(sign_in.status, SignInStatus::NeedsFirstFactor);
    let factor = sign_in
        .first_factor("reset_password_email_code")
        .expect("reset factor offered");
    runtime
        .sign_in()
        .prepare_first_factor(
            &sign_in.id,
            PrepareFirstFactor {
                strategy: "reset_password_email_code".into(),
                email_address_id: factor.email_address_id.clone(),
                ..Default::default()
            },
        )
        .await
        .expect("prepare");
    let wrong = runtime
        .sign_in()
        .attempt_first_factor(
            &sign_in.id,
            AttemptFirstFactor {
                strategy: "reset_password_email_code".into(),
                code: Some("000000".into()),
                ..Default::default()
            },
        )
        .await
        .expect_err("wrong code");
    assert_eq!(wrong.code(), Some(ErrorCode::FormCodeIncorrect));
    let verified = runtime
        .sign_in()
        .attempt_first_factor(
            &sign_in.id,
            AttemptFirstFactor {
                strategy: "reset_password_email_code".into(),
                code: Some("424242".into()),
                ..Default::default()
            },
        )
        .await
        .expect("attempt");
    assert_eq!(verified.status, SignInStatus::NeedsNewPassword);
    let done = runtime
        .sign_in()
        .reset_password(
            &sign_in.id,
            ResetPassword {
                password: "a brand new passphrase".into(),
                sign_out_of_other_sessions: true,
            },
        )
        .await
        .expect("reset");
    assert_eq!(done.status, SignInStatus::Complete);
    assert!(runtime.snapshot().is_signed_in());
    runtime
        .sign_out(SignOut::default())
        .await
        .expect("sign out");

    let again = runtime
        .sign_in()
        .create(CreateSignIn {
            identifier: Some(email),
            password: Some("a brand new passphrase".into()),
            ..Default::default()
        })
        .await
        .expect("sign in with the new password");
    assert_eq!(again.status, SignInStatus::Complete);
    runtime
        .sign_out(SignOut::default())
        .await
        .expect("sign out");
}

/// A 1×1 transparent PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

#[wasm_bindgen_test]
async fn an_organization_from_creation_to_deletion() {
    use tessera_sdk::resources::organization::UpdateOrganization;
    use tessera_sdk::transport::Upload;
    use tessera_sdk::{PageRequest, SetActive};

    let Some(runtime) = runtime("organization flow", true) else {
        return;
    };
    runtime.load().await.expect("load");
    let email = unique_email("org");
    sign_up(&runtime, &email).await;
    let orgs = runtime.organizations();

    let slug = format!("acme-{}", js_sys::Date::now() as u64);
    let org = orgs.create("Acme", Some(&slug)).await.expect("create");
    assert_eq!(
        (org.name.as_str(), org.slug.as_str()),
        ("Acme", slug.as_str())
    );
    assert!(org.id.starts_with("org_"));
    // The envelope's client already lists the new membership; it is not active yet.
    let snapshot = runtime.snapshot();
    let mine = &snapshot.user().expect("user").organization_memberships;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].role, "org:admin");
    assert!(snapshot.active_organization().is_none());

    let members = orgs
        .memberships(&org.id, PageRequest::default(), None)
        .await
        .expect("memberships");
    assert_eq!(members.total_count, 1);
    let me = members.data[0]
        .public_user_data()
        .expect("public user data");
    assert_eq!(me.identifier, email);
    let none = orgs
        .memberships(&org.id, PageRequest::default(), Some("nobody-matches-this"))
        .await
        .expect("search");
    assert_eq!(none.total_count, 0);

    let invitees = [unique_email("inv1"), unique_email("inv2")];
    let sent = orgs
        .invite(&org.id, &invitees, "org:member")
        .await
        .expect("invite");
    assert_eq!(sent.len(), 2);
    assert!(sent
        .iter()
        .all(|i| i.status == "pending" && i.role == "org:member"));
    let pending = orgs
        .invitations(
            &org.id,
            PageRequest {
                page: 1,
                page_size: 1,
            },
            Some("pending"),
        )
        .await
        .expect("invitations");
    assert_eq!((pending.data.len(), pending.total_count), (1, 2));
    assert_eq!(pending.page_count(1), 2);
    let revoked = orgs
        .revoke_invitation(&org.id, &sent[0].id)
        .await
        .expect("revoke");
    assert_eq!(revoked.status, "revoked");
    let roles = orgs
        .roles(&org.id, PageRequest::default())
        .await
        .expect("roles");
    assert!(roles.data.iter().any(|r| r.key == "org:admin"
        && r.permissions
            .iter()
            .any(|p| p == "org:sys_memberships:manage")));

    // Active by slug: the token's `o` claim names the organization and the role.
    runtime
        .set_active(SetActive::organization(slug.clone()))
        .await
        .expect("set active by slug");
    let snapshot = runtime.snapshot();
    assert_eq!(
        snapshot.active_organization().map(|o| o.id.clone()),
        Some(org.id.clone())
    );
    assert_eq!(
        snapshot.active_membership().map(|m| m.role.clone()),
        Some("org:admin".into())
    );
    let auth = snapshot.auth();
    assert_eq!(auth.org_slug.as_deref(), Some(slug.as_str()));
    let token = runtime
        .get_token(GetTokenOptions::default())
        .await
        .expect("token")
        .expect("signed in");
    let claims = SessionClaims::decode_unverified(&token).expect("a JWT");
    let o = claims.o.expect("an organization claim");
    assert_eq!((o.id.as_str(), o.rol.as_str()), (org.id.as_str(), "admin"));

    // The personal account: no `o`.
    runtime
        .set_active(SetActive::personal())
        .await
        .expect("personal");
    assert!(runtime.snapshot().active_organization().is_none());
    let token = runtime
        .get_token(GetTokenOptions::default())
        .await
        .expect("token")
        .expect("signed in");
    let claims = SessionClaims::decode_unverified(&token).expect("a JWT");
    assert!(claims.o.is_none(), "no organization claim: {claims:?}");

    let renamed = orgs
        .update(
            &org.id,
            UpdateOrganization {
                name: Some("Acme Corp".into()),
                slug: None,
            },
        )
        .await
        .expect("update");
    assert_eq!(renamed.name, "Acme Corp");
    let with_logo = orgs
        .set_logo(
            &org.id,
            Upload {
                bytes: PNG.to_vec(),
                content_type: "image/png".into(),
            },
        )
        .await
        .expect("logo");
    assert!(with_logo.has_image);
    let user_memberships = orgs
        .user_memberships(PageRequest::default())
        .await
        .expect("user memberships");
    assert_eq!(user_memberships.data[0].organization.name, "Acme Corp");

    orgs.delete(&org.id).await.expect("delete");
    let snapshot = runtime.snapshot();
    assert!(snapshot
        .user()
        .expect("user")
        .organization_memberships
        .is_empty());
    let error = orgs
        .memberships(&org.id, PageRequest::default(), None)
        .await
        .expect_err("deleted");
    assert!(
        matches!(error, tessera_sdk::SdkError::Api { status: 404, .. }),
        "{error:?}"
    );
}

#[wasm_bindgen_test]
async fn an_invited_user_accepts_and_leaves() {
    use tessera_sdk::PageRequest;

    let Some(admin) = runtime("invitation flow (admin)", true) else {
        return;
    };
    admin.load().await.expect("load");
    sign_up(&admin, &unique_email("adm")).await;
    let org = admin
        .organizations()
        .create("Invites", None)
        .await
        .expect("create");
    let invitee_email = unique_email("new");
    admin
        .organizations()
        .invite(&org.id, std::slice::from_ref(&invitee_email), "org:member")
        .await
        .expect("invite");

    // The invitee, on a client of their own.
    let invitee = runtime("invitation flow (invitee)", true).expect("configured");
    invitee.load().await.expect("load");
    sign_up(&invitee, &invitee_email).await;
    let orgs = invitee.organizations();
    let pending = orgs
        .user_invitations(PageRequest::default(), None)
        .await
        .expect("user invitations");
    assert_eq!(pending.total_count, 1);
    let invitation = &pending.data[0];
    let public = invitation
        .public_organization_data
        .as_ref()
        .expect("organization data");
    assert_eq!(public.name, "Invites");
    let accepted = orgs
        .accept_invitation(&invitation.id)
        .await
        .expect("accept");
    assert_eq!(accepted.status, "accepted");
    let memberships = &invitee
        .snapshot()
        .user()
        .expect("user")
        .organization_memberships
        .clone();
    assert_eq!(memberships.len(), 1);
    assert_eq!(memberships[0].role, "org:member");

    orgs.leave(&org.id).await.expect("leave");
    assert!(invitee
        .snapshot()
        .user()
        .expect("user")
        .organization_memberships
        .is_empty());
}
