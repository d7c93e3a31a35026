//! The JavaScript facade in Chromium against a running `tessera-server` (skipped without
//! `TESSERA_TEST_FAPI_URL` at compile time): the calls a JS app makes, with JS objects in and out.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect, JSON};
use tessera_sdk::cookies::{Cookies as _, DocumentCookies, DEV_BROWSER};
use tessera_sdk::js::Tessera;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const FAPI_URL: Option<&str> = option_env!("TESSERA_TEST_FAPI_URL");

fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON")
}

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        Reflect::get(&v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    })
}

async fn resolve(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

#[wasm_bindgen_test]
async fn a_js_app_signs_up_reads_auth_gets_a_token_and_signs_out() {
    let Some(url) = FAPI_URL.filter(|u| !u.is_empty()) else {
        console_log!("js facade: skipped, TESSERA_TEST_FAPI_URL was not set at compile time");
        return;
    };
    DocumentCookies.set(DEV_BROWSER, None);
    let tessera = Tessera::new(url, js(r#"{"devBrowser": true}"#)).expect("constructor");
    let before = tessera.get_snapshot();
    assert_eq!(get(&before, "isLoaded"), JsValue::FALSE);

    let changes = Rc::new(Cell::new(0));
    let counter = changes.clone();
    let listener: Function = Closure::<dyn FnMut()>::new(move || counter.set(counter.get() + 1))
        .into_js_value()
        .unchecked_into();
    let unsubscribe: Function = tessera.subscribe(listener).unchecked_into();

    JsFuture::from(tessera.load()).await.expect("load");
    let loaded = tessera.get_snapshot();
    assert_eq!(get(&loaded, "isLoaded"), JsValue::TRUE);
    assert!(
        Object::is(&loaded, &tessera.get_snapshot()),
        "same object until a change"
    );
    assert!(!Object::is(&before, &loaded));
    assert!(changes.get() >= 1);

    let email = format!("js-{}+clerk_test@example.com", js_sys::Date::now() as u64);
    let params = js(&format!(
        r#"{{"emailAddress": "{email}", "password": "correct horse battery", "unsafeMetadata": {{"plan": "pro"}}}}"#
    ));
    let sign_up = resolve(tessera.create_sign_up(&params))
        .await
        .expect("sign-up");
    let id = get(&sign_up, "id").as_string().expect("sign-up id");
    JsFuture::from(tessera.prepare_sign_up_verification(&id.clone().into(), &"email_code".into()))
        .await
        .expect("prepare");
    let done = JsFuture::from(tessera.attempt_sign_up_verification(
        &id.into(),
        &"email_code".into(),
        &"424242".into(),
    ))
    .await
    .expect("attempt");
    assert_eq!(
        get(&done, "status").as_string().as_deref(),
        Some("complete")
    );

    let auth = tessera.auth();
    assert_eq!(get(&auth, "isSignedIn"), JsValue::TRUE);
    let user_id = get(&auth, "userId").as_string().expect("user id");
    assert_eq!(
        get(&tessera.user(), "id").as_string(),
        Some(user_id.clone())
    );
    assert_eq!(
        get(&tessera.user(), "unsafe_metadata.plan")
            .as_string()
            .as_deref(),
        Some("pro")
    );
    assert!(!tessera.has(&js(r#"{"role": "org:admin"}"#)));

    let token = resolve(tessera.get_token(&JsValue::UNDEFINED))
        .await
        .expect("token");
    let token = token.as_string().expect("a JWT string");
    let claims = tessera_sdk::core::SessionClaims::decode_unverified(&token).expect("JWT");
    assert_eq!(claims.sub, user_id);

    // Errors reject with an Error carrying the FAPI code and parameter.
    let error = resolve(tessera.update_user(&js(r#"{"primaryEmailAddressId": "idn_missing"}"#)))
        .await
        .expect_err("unknown address");
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&error, "kind").as_string().as_deref(), Some("api"));
    assert!(get(&error, "errors.0.code").as_string().is_some());

    let seen = changes.get();
    resolve(tessera.sign_out(&JsValue::UNDEFINED))
        .await
        .expect("sign out");
    assert!(changes.get() > seen, "listeners hear of the sign-out");
    assert_eq!(get(&tessera.auth(), "isSignedIn"), JsValue::FALSE);
    assert_eq!(
        resolve(tessera.get_token(&JsValue::UNDEFINED))
            .await
            .expect("token"),
        JsValue::NULL
    );

    unsubscribe.call0(&JsValue::NULL).expect("unsubscribe");
    let seen = changes.get();
    let wrong = resolve(tessera.create_sign_in(&js(&format!(
        r#"{{"identifier": "{email}", "password": "nope nope nope"}}"#
    ))))
    .await
    .expect_err("wrong password");
    assert_eq!(
        get(&wrong, "errors.0.code").as_string().as_deref(),
        Some("form_password_incorrect")
    );
    assert_eq!(
        get(&wrong, "errors.0.paramName").as_string().as_deref(),
        Some("password")
    );
    assert_eq!(get(&wrong, "status").as_f64(), Some(422.0));
    resolve(tessera.create_sign_in(&js(&format!(
        r#"{{"identifier": "{email}", "password": "correct horse battery"}}"#
    ))))
    .await
    .expect("sign in");
    assert_eq!(
        changes.get(),
        seen,
        "an unsubscribed listener is not called"
    );
    resolve(tessera.sign_out(&JsValue::UNDEFINED))
        .await
        .expect("sign out");
}

#[wasm_bindgen_test]
fn a_bad_publishable_key_throws_a_typed_error() {
    let error =
        Tessera::new("sk_live_secret", JsValue::UNDEFINED).expect_err("not a publishable key");
    assert_eq!(
        get(&error, "kind").as_string().as_deref(),
        Some("invalid_publishable_key")
    );
}

#[wasm_bindgen_test]
async fn a_js_app_creates_an_organization_and_switches_to_it_by_slug() {
    let Some(url) = FAPI_URL.filter(|u| !u.is_empty()) else {
        console_log!("js facade orgs: skipped, TESSERA_TEST_FAPI_URL was not set at compile time");
        return;
    };
    DocumentCookies.set(DEV_BROWSER, None);
    let tessera = Tessera::new(url, js(r#"{"devBrowser": true}"#)).expect("constructor");
    resolve(tessera.load()).await.expect("load");
    let email = format!(
        "js-org-{}+clerk_test@example.com",
        js_sys::Date::now() as u64
    );
    let params = js(&format!(
        r#"{{"emailAddress": "{email}", "password": "correct horse battery"}}"#
    ));
    let sign_up = resolve(tessera.create_sign_up(&params))
        .await
        .expect("sign-up");
    let id: JsValue = get(&sign_up, "id");
    resolve(tessera.prepare_sign_up_verification(&id, &"email_code".into()))
        .await
        .expect("prepare");
    resolve(tessera.attempt_sign_up_verification(&id, &"email_code".into(), &"424242".into()))
        .await
        .expect("attempt");
    assert_eq!(tessera.organization(), JsValue::NULL);

    let slug = format!("js-org-{}", js_sys::Date::now() as u64);
    let org = resolve(
        tessera.create_organization(&js(&format!(r#"{{"name": "JS Org", "slug": "{slug}"}}"#))),
    )
    .await
    .expect("create");
    let org_id = get(&org, "id").as_string().expect("organization id");
    assert_eq!(get(&org, "slug").as_string(), Some(slug.clone()));
    assert_eq!(tessera.organization(), JsValue::NULL, "created, not active");

    resolve(tessera.set_active(&js(&format!(r#"{{"organization": "{slug}"}}"#))))
        .await
        .expect("set active by slug");
    assert_eq!(
        get(&tessera.organization(), "id").as_string(),
        Some(org_id.clone())
    );
    assert_eq!(
        get(&tessera.membership(), "role").as_string().as_deref(),
        Some("org:admin")
    );
    assert_eq!(
        get(&tessera.auth(), "orgId").as_string(),
        Some(org_id.clone())
    );
    assert!(tessera.has(&js(r#"{"role": "org:admin"}"#)));

    let page = resolve(
        tessera.get_memberships(&org_id.clone().into(), &js(r#"{"page": 1, "pageSize": 5}"#)),
    )
    .await
    .expect("memberships");
    assert_eq!(get(&page, "totalCount").as_f64(), Some(1.0));
    assert_eq!(
        get(&page, "data.0.public_user_data.identifier").as_string(),
        Some(email)
    );
    // A 1×1 PNG as the logo: a multipart upload.
    let png: Vec<u8> = vec![
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00,
        0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
    let with_logo =
        resolve(tessera.set_organization_logo(&org_id.clone().into(), png, &"image/png".into()))
            .await
            .expect("logo");
    assert_eq!(get(&with_logo, "has_image"), JsValue::TRUE);
    let mine = resolve(tessera.get_user_memberships(&JsValue::UNDEFINED))
        .await
        .expect("user memberships");
    assert_eq!(
        get(&mine, "data.0.organization.id").as_string(),
        Some(org_id)
    );

    resolve(tessera.set_active(&js(r#"{"organization": null}"#)))
        .await
        .expect("personal account");
    assert_eq!(tessera.organization(), JsValue::NULL);
    assert_eq!(tessera.membership(), JsValue::NULL);
    assert_eq!(get(&tessera.auth(), "orgId"), JsValue::NULL);
    resolve(tessera.sign_out(&JsValue::UNDEFINED))
        .await
        .expect("sign out");
}

#[wasm_bindgen_test]
async fn a_js_app_manages_the_account_addresses_second_factors_password_and_deletion() {
    let Some(url) = FAPI_URL.filter(|u| !u.is_empty()) else {
        console_log!(
            "js facade account: skipped, TESSERA_TEST_FAPI_URL was not set at compile time"
        );
        return;
    };
    DocumentCookies.set(DEV_BROWSER, None);
    let tessera = Tessera::new(url, js(r#"{"devBrowser": true}"#)).expect("constructor");
    resolve(tessera.load()).await.expect("load");
    let stamp = js_sys::Date::now() as u64;
    let email = format!("js-acct-{stamp}+clerk_test@example.com");
    let params = js(&format!(
        r#"{{"emailAddress": "{email}", "password": "correct horse battery"}}"#
    ));
    let sign_up = resolve(tessera.create_sign_up(&params))
        .await
        .expect("sign-up");
    let id: JsValue = get(&sign_up, "id");
    resolve(tessera.prepare_sign_up_verification(&id, &"email_code".into()))
        .await
        .expect("prepare");
    resolve(tessera.attempt_sign_up_verification(&id, &"email_code".into(), &"424242".into()))
        .await
        .expect("attempt");
    let first_email = get(&tessera.user(), "primary_email_address_id");

    // A second email address, verified with its code, made primary.
    let second = format!("js-acct-2-{stamp}+clerk_test@example.com");
    let address =
        resolve(tessera.create_email_address(&js(&format!(r#"{{"emailAddress": "{second}"}}"#))))
            .await
            .expect("create email");
    let address_id = get(&address, "id");
    assert_eq!(get(&address, "email_address").as_string(), Some(second));
    resolve(tessera.prepare_email_address_verification(&address_id))
        .await
        .expect("prepare email");
    let wrong = resolve(
        tessera.attempt_email_address_verification(&address_id, &js(r#"{"code": "000000"}"#)),
    )
    .await
    .expect_err("wrong code");
    assert_eq!(
        get(&wrong, "errors.0.code").as_string().as_deref(),
        Some("form_code_incorrect")
    );
    let verified = resolve(
        tessera.attempt_email_address_verification(&address_id, &js(r#"{"code": "424242"}"#)),
    )
    .await
    .expect("verify email");
    assert_eq!(
        get(&verified, "verification.status").as_string().as_deref(),
        Some("verified")
    );
    let primary = format!(r#"{{"primaryEmailAddressId": "{}"}}"#, text(&address_id));
    resolve(tessera.update_user(&js(&primary)))
        .await
        .expect("make primary");
    assert_eq!(
        get(&tessera.user(), "primary_email_address_id"),
        address_id,
        "the client in the answer replaces the state"
    );
    resolve(tessera.delete_email_address(&first_email))
        .await
        .expect("delete the first address");
    assert_eq!(
        get(&tessera.user(), "email_addresses.length").as_f64(),
        Some(1.0)
    );

    // A phone number for second-factor codes, then backup codes and an authenticator app.
    let phone = resolve(tessera.create_phone_number(&js(r#"{"phoneNumber": "+12015550142"}"#)))
        .await
        .expect("create phone");
    let phone_id = get(&phone, "id");
    resolve(tessera.prepare_phone_number_verification(&phone_id))
        .await
        .expect("prepare phone");
    resolve(tessera.attempt_phone_number_verification(&phone_id, &js(r#"{"code": "424242"}"#)))
        .await
        .expect("verify phone");
    let reserved = resolve(
        tessera.update_phone_number(&phone_id, &js(r#"{"reservedForSecondFactor": true}"#)),
    )
    .await
    .expect("reserve phone");
    assert_eq!(get(&reserved, "reserved_for_second_factor"), JsValue::TRUE);
    let codes = resolve(tessera.create_backup_codes())
        .await
        .expect("backup codes");
    assert_eq!(get(&codes, "codes.length").as_f64(), Some(10.0));
    // Signing in again now takes a second factor: an SMS code (test numbers take 424242).
    resolve(tessera.sign_out(&JsValue::UNDEFINED))
        .await
        .expect("sign out");
    let sign_in = resolve(tessera.create_sign_in(&js(&format!(
        r#"{{"identifier": "js-acct-2-{stamp}+clerk_test@example.com", "password": "correct horse battery"}}"#
    ))))
    .await
    .expect("sign in");
    assert_eq!(
        get(&sign_in, "status").as_string().as_deref(),
        Some("needs_second_factor")
    );
    let sign_in_id = get(&sign_in, "id");
    resolve(tessera.prepare_second_factor(&sign_in_id, &js(r#"{"strategy": "phone_code"}"#)))
        .await
        .expect("prepare second factor");
    let done = resolve(tessera.attempt_second_factor(
        &sign_in_id,
        &js(r#"{"strategy": "phone_code", "code": "424242"}"#),
    ))
    .await
    .expect("attempt second factor");
    assert_eq!(
        get(&done, "status").as_string().as_deref(),
        Some("complete")
    );
    assert_eq!(get(&tessera.auth(), "isSignedIn"), JsValue::TRUE);

    let totp = resolve(tessera.create_totp()).await.expect("create totp");
    assert!(text(&get(&totp, "uri")).starts_with("otpauth://totp/"));
    assert!(!text(&get(&totp, "secret")).is_empty());
    let wrong = resolve(tessera.verify_totp(&js(r#"{"code": "12"}"#)))
        .await
        .expect_err("a code that no app shows");
    assert_eq!(get(&wrong, "kind").as_string().as_deref(), Some("api"));
    resolve(tessera.disable_totp()).await.expect("disable totp");
    resolve(tessera.update_phone_number(&phone_id, &js(r#"{"reservedForSecondFactor": false}"#)))
        .await
        .expect("release phone");
    resolve(tessera.delete_phone_number(&phone_id))
        .await
        .expect("delete phone");

    // Password: the current one is checked; devices are listed.
    let refused = resolve(tessera.update_password(&js(
        r#"{"currentPassword": "not the one", "newPassword": "a brand new passphrase"}"#,
    )))
    .await
    .expect_err("wrong current password");
    assert_eq!(get(&refused, "status").as_f64(), Some(422.0));
    resolve(tessera.update_password(&js(
        r#"{"currentPassword": "correct horse battery", "newPassword": "a brand new passphrase", "signOutOfOtherSessions": true}"#,
    )))
    .await
    .expect("change password");
    let sessions = resolve(tessera.get_active_sessions())
        .await
        .expect("active sessions");
    assert!(js_sys::Array::is_array(&sessions));
    assert_eq!(get(&sessions, "length").as_f64(), Some(1.0));
    assert_eq!(
        get(&sessions, "0.id").as_string(),
        get(&tessera.auth(), "sessionId").as_string()
    );

    // Profile image: a 1×1 PNG, then back to none.
    let png: Vec<u8> = vec![
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00,
        0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
    let with_image = resolve(tessera.set_profile_image(png, &"image/png".into()))
        .await
        .expect("profile image");
    assert_eq!(get(&with_image, "has_image"), JsValue::TRUE);
    resolve(tessera.remove_profile_image())
        .await
        .expect("remove image");
    assert_eq!(get(&tessera.user(), "has_image"), JsValue::FALSE);

    // Deleting the account signs out.
    resolve(tessera.delete_user()).await.expect("delete user");
    assert_eq!(get(&tessera.auth(), "isSignedIn"), JsValue::FALSE);
    let gone = resolve(tessera.create_email_address(&js(r#"{"emailAddress": "x@example.com"}"#)))
        .await
        .expect_err("no one is signed in");
    assert_eq!(
        get(&gone, "kind").as_string().as_deref(),
        Some("unauthenticated")
    );
}

fn text(value: &JsValue) -> String {
    value.as_string().unwrap_or_default()
}
