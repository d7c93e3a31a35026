//! Account management: a second email verified and made primary, a phone number used for SMS
//! second-factor codes (test number and outbox), change-password signing out other sessions,
//! deleting the account.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::app::{config, multipart, Answer, Harness, PNG_1X1};
use serde_json::json;
use tessera_server::InstanceConfig;

fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap()
}

async fn last_code(h: &mut Harness, to: &str) -> String {
    let outbox = h.form("GET", "/__dev/outbox", "").await;
    outbox.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|m| m["to"] == to)
        .unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn id(a: &Answer) -> String {
    a.body["response"]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn second_email_verified_and_made_primary() {
    let mut h = Harness::new(config());
    h.signed_in("first+clerk_test@example.com").await;
    let added = h
        .form(
            "POST",
            "/v1/me/email_addresses",
            &form(&[("email_address", "Second@Example.com")]),
        )
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
    assert_eq!(
        added.body["response"]["email_address"],
        "second@example.com"
    );
    assert_eq!(
        added.body["response"]["verification"]["status"],
        "unverified"
    );
    let email_id = id(&added);
    // Not primary while unverified.
    h.form(
        "PATCH",
        "/v1/me",
        &form(&[("primary_email_address_id", &email_id)]),
    )
    .await
    .refused(422, "form_param_value_invalid");
    h.form(
        "POST",
        &format!("/v1/me/email_addresses/{email_id}/prepare_verification"),
        "strategy=email_code",
    )
    .await;
    h.form(
        "POST",
        &format!("/v1/me/email_addresses/{email_id}/attempt_verification"),
        "code=000000",
    )
    .await
    .refused(422, "form_code_incorrect");
    let code = last_code(&mut h, "second@example.com").await;
    let verified = h
        .form(
            "POST",
            &format!("/v1/me/email_addresses/{email_id}/attempt_verification"),
            &format!("code={code}"),
        )
        .await;
    assert_eq!(
        verified.body["response"]["verification"]["status"], "verified",
        "{}",
        verified.body
    );
    let me = h
        .form(
            "PATCH",
            "/v1/me",
            &form(&[("primary_email_address_id", &email_id)]),
        )
        .await;
    assert_eq!(
        me.body["response"]["primary_email_address_id"],
        email_id.as_str()
    );
    // The old address can now go; the primary cannot.
    let old = me.body["response"]["email_addresses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] != email_id.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    h.form("DELETE", &format!("/v1/me/email_addresses/{email_id}"), "")
        .await
        .refused(422, "client_state_invalid");
    let gone = h
        .form("DELETE", &format!("/v1/me/email_addresses/{old}"), "")
        .await;
    assert_eq!(gone.body["response"]["deleted"], true, "{}", gone.body);
    // Another user cannot take the address.
    let mut other = h.browser();
    other.signed_in("other+clerk_test@example.com").await;
    other
        .form(
            "POST",
            "/v1/me/email_addresses",
            &form(&[("email_address", "second@example.com")]),
        )
        .await
        .refused(422, "form_identifier_exists");
    other
        .form(
            "POST",
            "/v1/me/email_addresses",
            &form(&[("email_address", "nope")]),
        )
        .await
        .refused(422, "form_param_format_invalid");
}

#[tokio::test]
async fn sms_second_factor_with_test_and_real_numbers() {
    let mut h = Harness::new(config());
    let (_, session) = h.signed_in("sms+clerk_test@example.com").await;
    h.form(
        "POST",
        "/v1/me/phone_numbers",
        &form(&[("phone_number", "12345")]),
    )
    .await
    .refused(422, "form_param_format_invalid");
    // A test number (+1 XXX 555 0100..0199) takes 424242 and sends nothing.
    let phone = h
        .form(
            "POST",
            "/v1/me/phone_numbers",
            &form(&[("phone_number", "+1 (201) 555-0123")]),
        )
        .await;
    assert_eq!(
        phone.body["response"]["phone_number"], "+12015550123",
        "{}",
        phone.body
    );
    let phone_id = id(&phone);
    h.form(
        "PATCH",
        &format!("/v1/me/phone_numbers/{phone_id}"),
        "reserved_for_second_factor=true",
    )
    .await
    .refused(422, "form_param_value_invalid");
    h.form(
        "POST",
        &format!("/v1/me/phone_numbers/{phone_id}/prepare_verification"),
        "strategy=phone_code",
    )
    .await;
    let outbox = h.form("GET", "/__dev/outbox", "").await;
    assert!(
        outbox.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["to"] != "+12015550123"),
        "test numbers get no SMS"
    );
    h.form(
        "POST",
        &format!("/v1/me/phone_numbers/{phone_id}/attempt_verification"),
        "code=424242",
    )
    .await;
    let reserved = h
        .form(
            "PATCH",
            &format!("/v1/me/phone_numbers/{phone_id}"),
            "reserved_for_second_factor=true&default_second_factor=true",
        )
        .await;
    assert_eq!(
        reserved.body["response"]["reserved_for_second_factor"], true,
        "{}",
        reserved.body
    );
    let me = h.form("GET", "/v1/me", "").await;
    assert_eq!(me.body["response"]["two_factor_enabled"], true);

    // Sign out and in: the SMS second factor is offered with the masked number.
    h.form("POST", &format!("/v1/client/sessions/{session}/end"), "")
        .await;
    let attempt = h
        .form(
            "POST",
            "/v1/client/sign_ins",
            &form(&[
                ("identifier", "sms+clerk_test@example.com"),
                ("password", "long enough password"),
            ]),
        )
        .await;
    assert_eq!(
        attempt.body["response"]["status"], "needs_second_factor",
        "{}",
        attempt.body
    );
    let factor = &attempt.body["response"]["supported_second_factors"][0];
    assert_eq!(factor["strategy"], "phone_code");
    assert_eq!(factor["safe_identifier"], "+1******0123");
    let sign_in = id(&attempt);
    h.form(
        "POST",
        &format!("/v1/client/sign_ins/{sign_in}/attempt_second_factor"),
        "strategy=phone_code&code=424242",
    )
    .await
    .refused(422, "verification_missing");
    h.form(
        "POST",
        &format!("/v1/client/sign_ins/{sign_in}/prepare_second_factor"),
        "strategy=phone_code",
    )
    .await;
    let done = h
        .form(
            "POST",
            &format!("/v1/client/sign_ins/{sign_in}/attempt_second_factor"),
            "strategy=phone_code&code=424242",
        )
        .await;
    assert_eq!(done.body["response"]["status"], "complete", "{}", done.body);

    // A real number gets its code through the outbox (channel sms).
    let real = h
        .form(
            "POST",
            "/v1/me/phone_numbers",
            &form(&[("phone_number", "+447700900123")]),
        )
        .await;
    let real_id = id(&real);
    h.form(
        "POST",
        &format!("/v1/me/phone_numbers/{real_id}/prepare_verification"),
        "strategy=phone_code",
    )
    .await;
    let outbox = h.form("GET", "/__dev/outbox", "").await;
    let sms = outbox.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|m| m["to"] == "+447700900123")
        .unwrap()
        .clone();
    assert_eq!(sms["channel"], "sms");
    let verified = h
        .form(
            "POST",
            &format!("/v1/me/phone_numbers/{real_id}/attempt_verification"),
            &format!("code={}", sms["code"].as_str().unwrap()),
        )
        .await;
    assert_eq!(
        verified.body["response"]["verification"]["status"], "verified",
        "{}",
        verified.body
    );
}

#[tokio::test]
async fn change_password_signs_out_other_sessions_and_account_deletion() {
    let mut laptop = Harness::new(InstanceConfig {
        single_session_mode: true,
        ..config()
    });
    let (_, laptop_session) = laptop.signed_in("pat+clerk_test@example.com").await;
    let mut phone = laptop.browser();
    let signed = phone
        .form(
            "POST",
            "/v1/client/sign_ins",
            &form(&[
                ("identifier", "pat+clerk_test@example.com"),
                ("password", "long enough password"),
            ]),
        )
        .await;
    let phone_session = signed.body["response"]["created_session_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let active = laptop.form("GET", "/v1/me/sessions/active", "").await;
    assert_eq!(active.body.as_array().unwrap().len(), 2);

    laptop
        .form(
            "POST",
            "/v1/me/change_password",
            &form(&[
                ("current_password", "wrong password!"),
                ("new_password", "a brand new passphrase"),
            ]),
        )
        .await
        .refused(422, "form_password_incorrect")
        .param("current_password");
    laptop
        .form(
            "POST",
            "/v1/me/change_password",
            &form(&[
                ("current_password", "long enough password"),
                ("new_password", "short"),
            ]),
        )
        .await
        .refused(422, "form_password_length_too_short");
    let changed = laptop
        .form(
            "POST",
            "/v1/me/change_password",
            &form(&[
                ("current_password", "long enough password"),
                ("new_password", "a brand new passphrase"),
                ("sign_out_of_other_sessions", "true"),
            ]),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    phone
        .form(
            "POST",
            &format!("/v1/client/sessions/{phone_session}/tokens"),
            "",
        )
        .await
        .refused(401, "signed_out");
    let token = laptop
        .form(
            "POST",
            &format!("/v1/client/sessions/{laptop_session}/tokens"),
            "",
        )
        .await;
    assert_eq!(
        token.status, 200,
        "this session stays signed in: {}",
        token.body
    );
    // The new password works; the old one does not.
    let mut fresh = laptop.browser();
    fresh
        .form(
            "POST",
            "/v1/client/sign_ins",
            &form(&[
                ("identifier", "pat+clerk_test@example.com"),
                ("password", "long enough password"),
            ]),
        )
        .await
        .refused(422, "form_password_incorrect");

    // Delete the account: signed out, and the address is free again.
    let deleted = laptop.form("DELETE", "/v1/me", "").await;
    assert_eq!(
        deleted.body["response"]["deleted"], true,
        "{}",
        deleted.body
    );
    laptop
        .form("GET", "/v1/me", "")
        .await
        .refused(401, "signed_out");
    fresh
        .form(
            "POST",
            "/v1/client/sign_ins",
            &form(&[("identifier", "pat+clerk_test@example.com")]),
        )
        .await
        .refused(422, "form_identifier_not_found");
}

#[tokio::test]
async fn profile_image_upload_and_removal() {
    let mut h = Harness::new(config());
    h.signed_in("pic+clerk_test@example.com").await;
    let before = h.form("GET", "/v1/me", "").await;
    assert_eq!(before.body["response"]["has_image"], false);
    assert!(before.body["response"]["image_url"]
        .as_str()
        .unwrap()
        .starts_with("data:image/svg+xml;base64,"));
    let (content_type, body) = multipart(PNG_1X1, "image/png");
    let after = h
        .send_bytes("POST", "/v1/me/profile_image", body, &content_type)
        .await;
    assert_eq!(after.body["response"]["has_image"], true, "{}", after.body);
    let url = after.body["response"]["image_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, bytes) = h
        .raw("GET", url.strip_prefix("http://127.0.0.1:4000").unwrap())
        .await;
    assert_eq!((status, bytes.as_slice()), (200, PNG_1X1));
    let (ct, text) = multipart(b"GIF? no", "image/gif");
    h.send_bytes("POST", "/v1/me/profile_image", text, &ct)
        .await
        .refused(422, "image_invalid");
    let removed = h.form("DELETE", "/v1/me/profile_image", "").await;
    assert_eq!(removed.body["response"]["has_image"], false);
}

/// Add a test number and verify it with `424242`; its id.
async fn verified_phone(h: &mut Harness, number: &str) -> String {
    let added = h
        .form(
            "POST",
            "/v1/me/phone_numbers",
            &form(&[("phone_number", number)]),
        )
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
    let phone_id = id(&added);
    h.form(
        "POST",
        &format!("/v1/me/phone_numbers/{phone_id}/prepare_verification"),
        "strategy=phone_code",
    )
    .await;
    let verified = h
        .form(
            "POST",
            &format!("/v1/me/phone_numbers/{phone_id}/attempt_verification"),
            "code=424242",
        )
        .await;
    assert_eq!(
        verified.body["response"]["verification"]["status"], "verified",
        "{}",
        verified.body
    );
    phone_id
}

#[tokio::test]
async fn a_verified_phone_number_made_primary() {
    let mut h = Harness::new(config());
    h.signed_in("primary-phone+clerk_test@example.com").await;
    let me = h.form("GET", "/v1/me", "").await;
    assert_eq!(me.body["response"]["primary_phone_number_id"], json!(null));
    let first = verified_phone(&mut h, "+1 201 555 0110").await;
    let unverified = h
        .form(
            "POST",
            "/v1/me/phone_numbers",
            &form(&[("phone_number", "+1 201 555 0111")]),
        )
        .await;
    let unverified = id(&unverified);
    // Only the user's own verified numbers can become primary, and the error names the field.
    h.form(
        "PATCH",
        "/v1/me",
        &form(&[("primary_phone_number_id", &unverified)]),
    )
    .await
    .refused(422, "form_param_value_invalid")
    .param("primary_phone_number_id");
    h.form("PATCH", "/v1/me", "primary_phone_number_id=idn_nope")
        .await
        .refused(404, "resource_not_found")
        .param("primary_phone_number_id");
    let email_id = me.body["response"]["primary_email_address_id"]
        .as_str()
        .unwrap()
        .to_owned();
    h.form(
        "PATCH",
        "/v1/me",
        &form(&[("primary_phone_number_id", &email_id)]),
    )
    .await
    .refused(404, "resource_not_found");
    let mut other = h.browser();
    other.signed_in("other-phone+clerk_test@example.com").await;
    other
        .form(
            "PATCH",
            "/v1/me",
            &form(&[("primary_phone_number_id", &first)]),
        )
        .await
        .refused(404, "resource_not_found");

    let me = h
        .form(
            "PATCH",
            "/v1/me",
            &form(&[("primary_phone_number_id", &first)]),
        )
        .await;
    assert_eq!(me.status, 200, "{}", me.body);
    assert_eq!(
        me.body["response"]["primary_phone_number_id"],
        first.as_str()
    );
    // Kept: read back, and in the client's copy of the user.
    let me = h.form("GET", "/v1/me", "").await;
    assert_eq!(
        me.body["response"]["primary_phone_number_id"],
        first.as_str()
    );
    let second = verified_phone(&mut h, "+1 201 555 0112").await;
    let me = h
        .form(
            "PATCH",
            "/v1/me",
            &form(&[("primary_phone_number_id", &second)]),
        )
        .await;
    assert_eq!(
        me.body["response"]["primary_phone_number_id"],
        second.as_str()
    );
    let client_user = &me.body["client"]["sessions"][0]["user"];
    assert_eq!(client_user["primary_phone_number_id"], second.as_str());
    // Removing the primary number leaves the user with none.
    h.form("DELETE", &format!("/v1/me/phone_numbers/{second}"), "")
        .await;
    let me = h.form("GET", "/v1/me", "").await;
    assert_eq!(me.body["response"]["primary_phone_number_id"], json!(null));
}

#[tokio::test]
async fn the_first_second_factor_on_a_phone_brings_backup_codes_and_the_last_takes_them() {
    let mut h = Harness::new(config());
    h.signed_in("sms-codes+clerk_test@example.com").await;
    let phone = verified_phone(&mut h, "+1 201 555 0120").await;
    let reserved = h
        .form(
            "PATCH",
            &format!("/v1/me/phone_numbers/{phone}"),
            "reserved_for_second_factor=true",
        )
        .await;
    let codes = reserved.body["response"]["backup_codes"]
        .as_array()
        .unwrap();
    assert_eq!(codes.len(), 10, "{}", reserved.body);
    let me = h.form("GET", "/v1/me", "").await;
    assert_eq!(me.body["response"]["two_factor_enabled"], true);
    assert_eq!(me.body["response"]["backup_code_enabled"], true);
    // Once: asking again (already the second factor) issues none.
    let again = h
        .form(
            "PATCH",
            &format!("/v1/me/phone_numbers/{phone}"),
            "reserved_for_second_factor=true&default_second_factor=true",
        )
        .await;
    assert_eq!(again.body["response"]["backup_codes"], json!(null));
    assert_eq!(again.body["response"]["default_second_factor"], true);
    // Released: no second factor left, and the backup codes are gone with it.
    let released = h
        .form(
            "PATCH",
            &format!("/v1/me/phone_numbers/{phone}"),
            "reserved_for_second_factor=false",
        )
        .await;
    assert_eq!(
        released.body["response"]["reserved_for_second_factor"],
        false
    );
    assert_eq!(released.body["response"]["default_second_factor"], false);
    let me = h.form("GET", "/v1/me", "").await;
    assert_eq!(me.body["response"]["two_factor_enabled"], false);
    assert_eq!(me.body["response"]["backup_code_enabled"], false);
    // Reserved again then the number removed: the same.
    h.form(
        "PATCH",
        &format!("/v1/me/phone_numbers/{phone}"),
        "reserved_for_second_factor=true",
    )
    .await;
    h.form("DELETE", &format!("/v1/me/phone_numbers/{phone}"), "")
        .await;
    let me = h.form("GET", "/v1/me", "").await;
    assert_eq!(me.body["response"]["two_factor_enabled"], false);
    assert_eq!(me.body["response"]["backup_code_enabled"], false);
}
