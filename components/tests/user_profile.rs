//! UserProfile against a running `tessera-server`: a user signed up through the SDK renames
//! themselves, adds and verifies a second email address and makes it primary; then, on the
//! Security page, sets up an authenticator app (the code computed here from the secret the page
//! shows) and gets backup codes, changes the password (a wrong current one first), sees this device
//! among the active ones, and deletes the account. The server URL is fixed at compile time; without
//! it the test prints a note and passes:
//! `TESSERA_TEST_FAPI_URL=http://127.0.0.1:PORT wasm-pack test … components`.
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, which clippy.toml lets unwrap.
#![allow(clippy::unwrap_used)]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::*;
use tessera_components::localization::Localization;
use tessera_components::{UserProfile, UserProfilePage};
use tessera_sdk::cookies::Cookies as _;
use tessera_sdk::resources::sign_in::CreateSignIn;
use tessera_sdk::resources::sign_up::SignUpFields;
use tessera_sdk::{Platform, Runtime, RuntimeOptions};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const FAPI_URL: Option<&str> = option_env!("TESSERA_TEST_FAPI_URL");
const PASSWORD: &str = "correct horse battery staple";
const NEW_PASSWORD: &str = "another horse, another staple";

/// A runtime with a client of its own (its own dev-browser token), loaded.
async fn client(url: &str) -> Runtime {
    tessera_sdk::cookies::DocumentCookies.set(tessera_sdk::cookies::DEV_BROWSER, None);
    let runtime = Runtime::new(
        RuntimeOptions {
            frontend_api: url.to_owned(),
            dev_browser: true,
        },
        Platform::browser(),
    );
    runtime.load().await.unwrap();
    runtime
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
        .unwrap();
    runtime
        .sign_up()
        .prepare_verification(&sign_up.id, "email_code")
        .await
        .unwrap();
    runtime
        .sign_up()
        .attempt_verification(&sign_up.id, "email_code", "424242")
        .await
        .unwrap();
    assert!(runtime.snapshot().is_signed_in());
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn has(root: &Element, selector: &str) -> bool {
    root.query_selector(selector).unwrap().is_some()
}

/// Wait up to 6 s for `check` to hold.
async fn until(what: &str, root: &Element, check: impl Fn(&Element) -> bool) {
    for _ in 0..300 {
        if check(root) {
            return;
        }
        sleep(20).await;
    }
    panic!("{what} never happened: {}", root.inner_html());
}

/// Submit the form matching `selector` with its submit button, like a user.
async fn submit(root: &Element, selector: &str) {
    click(root, &format!("{selector} button[type=submit]")).await;
}

fn focused_name() -> Option<String> {
    active_element().and_then(|e| e.get_attribute("name"))
}

/// The code an authenticator app shows now for a base32 secret (RFC 6238: SHA-1, 6 digits, 30 s).
fn totp_now(secret: &str) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret).unwrap();
    let totp = totp_rs::Builder::new()
        .with_algorithm(totp_rs::Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_secret(secret)
        .build()
        .unwrap();
    totp.generate((js_sys::Date::now() / 1000.0) as u64)
        .to_string()
}

fn no_unlocalized_text(root: &Element) {
    let found = unlocalized_text(root);
    assert!(found.is_empty(), "unlocalized: {found:?}");
}

#[wasm_bindgen_test]
async fn a_user_manages_profile_emails_second_factors_password_devices_and_deletes_the_account() {
    let Some(url) = FAPI_URL.filter(|u| !u.is_empty()) else {
        console_log!("skipped: TESSERA_TEST_FAPI_URL was not set at compile time");
        return;
    };
    let stamp = js_sys::Date::now() as u64;
    let email = format!("profile-{stamp}+clerk_test@example.com");
    let second = format!("profile-work-{stamp}+clerk_test@example.com");
    let runtime = client(url).await;
    sign_up(&runtime, &email).await;
    // The same user on another device (another client), signed in with the password.
    let laptop = client(url).await;
    laptop
        .sign_in()
        .create(CreateSignIn {
            identifier: Some(email.clone()),
            password: Some(PASSWORD.to_owned()),
            strategy: Some("password".to_owned()),
            ..Default::default()
        })
        .await
        .unwrap();
    let laptop_session = laptop.snapshot().active_session().unwrap().id.clone();
    let navigated = Rc::new(RefCell::new(Vec::<String>::new()));
    let navigate = {
        let navigated = navigated.clone();
        Callback::from(move |to: String| navigated.borrow_mut().push(to))
    };

    let root = render(
        &runtime,
        None,
        html! {
            <UserProfile page={UserProfilePage::Account} {navigate}
                after_delete_url="/deleted" after_sign_out_url="/signed-out" />
        },
    );
    find(
        &root,
        "[data-tessera-component=user-profile][data-page=account]",
    )
    .await;
    assert_eq!(
        text(&root, "h2.tessera-page-title"),
        "Profile details",
        "the Account page's header"
    );
    let row = find(
        &root,
        "[data-section=email-addresses] li[data-email-address-id]",
    )
    .await;
    assert!(row.text_content().unwrap().contains(&email));
    assert!(has(&row, "[data-badge=primary]") && !has(&row, "[data-badge=unverified]"));
    no_unlocalized_text(&root);

    // Rename: the form opens with focus in the first name.
    click(&root, "[data-action=edit-profile]").await;
    find(&root, "form[data-form=profile]").await;
    assert_eq!(focused_name().as_deref(), Some("firstName"));
    fill(&root, "input[name=firstName]", "Ada").await;
    fill(&root, "input[name=lastName]", "Lovelace").await;
    submit(&root, "form[data-form=profile]").await;
    until("the new name", &root, |r| {
        text(r, "[data-section=profile] .tessera-org-name") == "Ada Lovelace"
    })
    .await;
    assert_eq!(
        runtime.snapshot().user().unwrap().full_name().as_deref(),
        Some("Ada Lovelace")
    );
    assert!(has(
        &root,
        "[data-localization-key='userProfile.profilePage.successMessage']"
    ));

    // A second address: added, a code "sent", a wrong code refused, the right one verifies it.
    click(&root, "[data-action=add-email-address]").await;
    find(&root, "form[data-form=add-email-address]").await;
    assert_eq!(focused_name().as_deref(), Some("emailAddress"));
    fill(&root, "input[name=emailAddress]", &second).await;
    submit(&root, "form[data-form=add-email-address]").await;
    let verify = find(&root, "form[data-form=verify-email-address]").await;
    assert!(verify.text_content().unwrap().contains(&second));
    assert_eq!(focused_name().as_deref(), Some("code"));
    fill(&root, "input[name=code]", "000000").await;
    submit(&root, "form[data-form=verify-email-address]").await;
    let error = find(&root, "[data-error-code=form_code_incorrect]").await;
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    fill(&root, "input[name=code]", "424242").await;
    submit(&root, "form[data-form=verify-email-address]").await;
    until("the verified address", &root, |r| {
        !has(r, "form[data-form=verify-email-address]")
            && all(r, "li[data-email-address-id]").len() == 2
            && !has(r, "[data-badge=unverified]")
    })
    .await;
    assert!(has(
        &root,
        "[data-localization-key='userProfile.emailAddressPage.emailCode.successMessage']"
    ));
    let second_id = runtime
        .snapshot()
        .user()
        .unwrap()
        .email_addresses
        .iter()
        .find(|e| e.email_address == second)
        .map(|e| e.id.clone())
        .unwrap();

    // Made primary: the badge moves, and the old primary can now be removed.
    click(
        &root,
        &format!("li[data-email-address-id='{second_id}'] [data-action=make-primary]"),
    )
    .await;
    until("the new primary", &root, |r| {
        has(
            r,
            &format!("li[data-email-address-id='{second_id}'] [data-badge=primary]"),
        )
    })
    .await;
    assert_eq!(
        runtime
            .snapshot()
            .user()
            .unwrap()
            .primary_email_address_id
            .as_deref(),
        Some(second_id.as_str())
    );
    assert!(!has(
        &root,
        &format!("li[data-email-address-id='{second_id}'] [data-action=remove]")
    ));
    no_unlocalized_text(&root);

    // A test phone number (`+1 … 555 01xx` takes 424242): added, verified, removed after a
    // confirmation.
    click(&root, "[data-action=add-phone-number]").await;
    fill(&root, "input[name=phoneNumber]", "+1 201 555 0142").await;
    submit(&root, "form[data-form=add-phone-number]").await;
    find(&root, "form[data-form=verify-phone-number]").await;
    fill(&root, "input[name=code]", "424242").await;
    submit(&root, "form[data-form=verify-phone-number]").await;
    let phone = "li[data-phone-number-id]";
    until("the verified phone", &root, |r| {
        has(r, phone) && !has(r, "form[data-form=verify-phone-number]")
    })
    .await;
    assert!(text(&root, phone).contains("+12015550142"));
    assert!(!has(&root, &format!("{phone} [data-badge=unverified]")));
    click(&root, &format!("{phone} [data-action=remove]")).await;
    let confirm = find(&root, "form[data-confirm=remove-phone-number]").await;
    assert!(confirm.text_content().unwrap().contains("+12015550142"));
    submit(&root, "form[data-confirm=remove-phone-number]").await;
    until("the phone removed", &root, |r| !has(r, phone)).await;
    assert!(runtime
        .snapshot()
        .user()
        .unwrap()
        .phone_numbers()
        .is_empty());

    // Security: an authenticator app from the secret the page shows.
    click(&root, "nav li:nth-child(2) button").await;
    find(&root, "[data-page=security]").await;
    assert_eq!(
        active_element().map(|e| e.class_name()).as_deref(),
        Some("tessera-page-title")
    );
    click(&root, "[data-action=add-totp]").await;
    let secret = find(&root, "[data-testid=totp-secret]").await;
    let secret = secret.text_content().unwrap();
    assert!(secret.len() >= 16, "a base32 secret: {secret}");
    let qr = find(&root, "svg[data-testid=totp-qr] path").await;
    assert!(qr.get_attribute("d").unwrap().len() > 100, "a QR code");
    assert_eq!(focused_name().as_deref(), Some("code"));
    no_unlocalized_text(&root);
    fill(&root, "input[name=code]", &totp_now(&secret)).await;
    submit(&root, "form[data-form=verify-totp]").await;
    until("the backup codes", &root, |r| {
        all(r, "[data-testid=backup-codes] li").len() == 10
    })
    .await;
    let download = find(&root, "a[data-action=download-backup-codes]").await;
    assert_eq!(
        download.get_attribute("download").as_deref(),
        Some("tessera-backup-codes.txt")
    );
    let first_code = text(&root, "[data-testid=backup-codes] li");
    assert!(download
        .get_attribute("href")
        .unwrap()
        .contains(&first_code));
    no_unlocalized_text(&root);
    click(&root, "[data-action=finish]").await;
    until("the authenticator app row", &root, |r| {
        has(r, "[data-factor=totp] [data-action=remove-totp]")
            && has(r, "[data-factor=backup-codes]")
    })
    .await;
    let user = runtime.snapshot().user().cloned().unwrap();
    assert!(user.totp_enabled() && user.two_factor_enabled() && user.backup_code_enabled());

    // This device is listed and marked; it has no "Sign out of device".
    let this = find(
        &root,
        "[data-section=active-devices] li[data-session-id][data-current=true]",
    )
    .await;
    assert_eq!(
        this.get_attribute("data-session-id"),
        runtime.snapshot().active_session().map(|s| s.id.clone())
    );
    assert!(has(&this, "[data-badge=this-device]"));
    assert!(!has(&this, "[data-action=sign-out-device]"));
    no_unlocalized_text(&root);
    // The laptop's session is signed out from here.
    let other = format!("li[data-session-id='{laptop_session}']");
    click(&root, &format!("{other} [data-action=sign-out-device]")).await;
    until("the laptop signed out", &root, |r| {
        !has(r, &other) && has(r, "li[data-current=true]")
    })
    .await;
    laptop.reload_client().await.unwrap();
    assert!(!laptop.snapshot().is_signed_in());

    // The password: a wrong current one is refused next to its field, then the change works.
    click(&root, "[data-action=update-password]").await;
    find(&root, "form[data-form=password]").await;
    assert_eq!(focused_name().as_deref(), Some("currentPassword"));
    let checkbox: web_sys::HtmlInputElement = find(&root, "input[name=signOutOfOtherSessions]")
        .await
        .dyn_into()
        .unwrap();
    assert!(
        checkbox.checked(),
        "signing out other devices is the default"
    );
    fill(&root, "input[name=currentPassword]", "not the password").await;
    fill(&root, "input[name=newPassword]", NEW_PASSWORD).await;
    fill(&root, "input[name=confirmPassword]", NEW_PASSWORD).await;
    submit(&root, "form[data-form=password]").await;
    let wrong = find(&root, "[data-error-code=form_password_incorrect]").await;
    assert_eq!(
        wrong.get_attribute("data-localization-key").as_deref(),
        Some("unstable__errors.form_password_incorrect")
    );
    until("focus on the wrong password", &root, |_| {
        focused_name().as_deref() == Some("currentPassword")
    })
    .await;
    fill(&root, "input[name=currentPassword]", PASSWORD).await;
    submit(&root, "form[data-form=password]").await;
    until("the password changed", &root, |r| {
        has(
            r,
            "[data-localization-key='userProfile.passwordPage.successMessage__update']",
        )
    })
    .await;

    // Delete the account: only once "Delete account" is typed.
    click(&root, "[data-action=delete-account]").await;
    find(&root, "form[data-confirm=delete-account]").await;
    assert_eq!(focused_name().as_deref(), Some("deleteConfirmation"));
    assert!(has(
        &root,
        "form[data-confirm=delete-account] button[type=submit]:disabled"
    ));
    fill(&root, "input[name=deleteConfirmation]", "Delete account").await;
    submit(&root, "form[data-confirm=delete-account]").await;
    until("the account deleted", &root, |_| {
        !runtime.snapshot().is_signed_in()
    })
    .await;
    sleep(100).await;
    assert_eq!(*navigated.borrow(), ["/deleted"]);
}

#[wasm_bindgen_test]
async fn in_french_every_string_is_localized() {
    let Some(url) = FAPI_URL.filter(|u| !u.is_empty()) else {
        console_log!("skipped: TESSERA_TEST_FAPI_URL was not set at compile time");
        return;
    };
    let stamp = js_sys::Date::now() as u64;
    let runtime = client(url).await;
    sign_up(&runtime, &format!("profil-{stamp}+clerk_test@example.com")).await;
    let root = render(
        &runtime,
        Some(Localization::fr_fr()),
        html! { <UserProfile page={UserProfilePage::Security} /> },
    );
    find(&root, "[data-page=security] li[data-current=true]").await;
    assert_eq!(text(&root, "h2.tessera-page-title"), "Sécurité");
    assert_eq!(
        text(&root, "[data-action=update-password]"),
        "Changer le mot de passe"
    );
    no_unlocalized_text(&root);
    click(&root, "[data-action=add-totp]").await;
    find(&root, "[data-testid=totp-secret]").await;
    no_unlocalized_text(&root);
    click(&root, "form[data-form=verify-totp] [data-action=cancel]").await;
    click(&root, "nav li:first-child button").await;
    find(&root, "[data-page=account]").await;
    click(&root, "[data-action=add-email-address]").await;
    fill(
        &root,
        "input[name=emailAddress]",
        &format!("profil-{stamp}+clerk_test@example.com"),
    )
    .await;
    submit(&root, "form[data-form=add-email-address]").await;
    // The address is the user's already: the server's code, in French, next to the field.
    let taken = find(&root, "[data-error-code=form_identifier_exists]").await;
    assert_eq!(
        taken.text_content().unwrap().trim(),
        Localization::fr_fr().text("unstable__errors.form_identifier_exists")
    );
    no_unlocalized_text(&root);
}

/// Add and verify a test number through the SDK (test numbers take `424242`); its id.
async fn verified_phone(runtime: &Runtime, number: &str) -> String {
    let account = runtime.account();
    let phone = account.create_phone_number(number).await.unwrap();
    account
        .prepare_phone_number_verification(&phone.id)
        .await
        .unwrap();
    account
        .attempt_phone_number_verification(&phone.id, "424242")
        .await
        .unwrap();
    phone.id
}

/// Sign in with the password on a client of its own.
async fn sign_in_elsewhere(url: &str, email: &str) -> (Runtime, tessera_sdk::SignIn) {
    let other = client(url).await;
    let attempt = other
        .sign_in()
        .create(CreateSignIn {
            identifier: Some(email.to_owned()),
            password: Some(PASSWORD.to_owned()),
            strategy: Some("password".to_owned()),
            ..Default::default()
        })
        .await
        .unwrap();
    (other, attempt)
}

#[wasm_bindgen_test]
async fn a_phone_number_made_primary_and_sms_codes_as_the_second_factor() {
    let Some(url) = FAPI_URL.filter(|u| !u.is_empty()) else {
        console_log!("skipped: TESSERA_TEST_FAPI_URL was not set at compile time");
        return;
    };
    let stamp = js_sys::Date::now() as u64;
    let email = format!("sms-{stamp}+clerk_test@example.com");
    // Test numbers (+1 XXX 555 0100..0199), unique per run: the server may have served others.
    let area = 200 + (stamp / 100) % 700;
    let n = 100 + stamp % 99;
    let (home, mobile) = (format!("+1{area}5550{n}"), format!("+1{area}5550{}", n + 1));
    let runtime = client(url).await;
    sign_up(&runtime, &email).await;
    let root = render(
        &runtime,
        None,
        html! { <UserProfile page={UserProfilePage::Security} /> },
    );
    find(&root, "[data-page=security] [data-section=mfa]").await;

    // No verified phone number yet: the form says so and leads to the Account page.
    click(&root, "[data-action=add-phone-code]").await;
    let form = find(&root, "[data-form=add-phone-code]").await;
    assert!(has(
        &form,
        "[data-localization-key='userProfile.mfaPhoneCodePage.subtitle__unavailablePhoneNumbers']"
    ));
    assert!(!has(&form, "input[name=phoneNumberId]"));
    assert_eq!(
        active_element()
            .and_then(|e| e.get_attribute("data-action"))
            .as_deref(),
        Some("go-to-phone-numbers"),
        "focus on the way out"
    );
    no_unlocalized_text(&root);
    click(&root, "[data-action=go-to-phone-numbers]").await;
    find(&root, "[data-page=account] [data-section=phone-numbers]").await;

    // Two verified numbers; the second is made primary from its row.
    let home_id = verified_phone(&runtime, &home).await;
    let mobile_id = verified_phone(&runtime, &mobile).await;
    let row = |id: &str| format!("li[data-phone-number-id='{id}']");
    until("both numbers listed", &root, |r| {
        has(r, &format!("{} [data-action=make-primary]", row(&home_id)))
            && has(
                r,
                &format!("{} [data-action=make-primary]", row(&mobile_id)),
            )
    })
    .await;
    assert!(!has(
        &root,
        "[data-section=phone-numbers] [data-badge=primary]"
    ));
    assert_eq!(
        text(
            &root,
            &format!("{} [data-action=make-primary]", row(&mobile_id))
        ),
        "Set as primary"
    );
    click(
        &root,
        &format!("{} [data-action=make-primary]", row(&mobile_id)),
    )
    .await;
    until("the primary badge on the mobile", &root, |r| {
        has(r, &format!("{} [data-badge=primary]", row(&mobile_id)))
    })
    .await;
    assert_eq!(
        runtime.snapshot().user().unwrap().primary_phone_number_id(),
        Some(mobile_id.clone())
    );
    assert!(!has(
        &root,
        &format!("{} [data-action=make-primary]", row(&mobile_id))
    ));
    assert!(has(
        &root,
        &format!("{} [data-action=make-primary]", row(&home_id))
    ));
    assert!(!has(
        &root,
        &format!("{} [data-badge=primary]", row(&home_id))
    ));
    no_unlocalized_text(&root);

    // Security: SMS codes to the mobile, chosen among the verified numbers (the first is chosen
    // and focused when the form opens; the arrow keys move between them, as radio buttons do).
    click(&root, "nav li:nth-child(2) button").await;
    find(&root, "[data-page=security]").await;
    click(&root, "[data-action=add-phone-code]").await;
    let form = find(&root, "form[data-form=add-phone-code]").await;
    let choices = all(&form, "input[type=radio][name=phoneNumberId]");
    assert_eq!(choices.len(), 2);
    let labels: Vec<String> = all(&form, "label.tessera-phone-choice")
        .iter()
        .map(|l| l.text_content().unwrap_or_default())
        .collect();
    assert_eq!(labels, [home.clone(), mobile.clone()]);
    until("focus on the chosen number", &root, |_| {
        active_element().and_then(|e| e.get_attribute("value")) == Some(home_id.clone())
    })
    .await;
    no_unlocalized_text(&root);
    click(&form, &format!("input[value='{mobile_id}']")).await;
    submit(&root, "form[data-form=add-phone-code]").await;
    // The first second factor: backup codes, shown once, under the success message.
    until("the backup codes", &root, |r| {
        all(r, "[data-testid=backup-codes] li").len() == 10
    })
    .await;
    let success = find(
        &root,
        "[data-localization-key='userProfile.mfaPhoneCodePage.successMessage']",
    )
    .await;
    assert!(success.text_content().unwrap().contains(&mobile));
    no_unlocalized_text(&root);
    click(&root, "[data-action=finish]").await;
    let factor = format!("[data-factor=phone-code][data-phone-number-id='{mobile_id}']");
    until("the SMS code row", &root, |r| {
        has(r, &format!("{factor} [data-action=remove-phone-code]"))
            && has(r, "[data-factor=backup-codes]")
    })
    .await;
    assert!(text(&root, &factor).contains("SMS code"));
    assert!(text(&root, &factor).contains(&mobile));
    assert_eq!(
        active_element()
            .and_then(|e| e.get_attribute("data-action"))
            .as_deref(),
        Some("remove-phone-code"),
        "focus back on the row"
    );
    let user = runtime.snapshot().user().cloned().unwrap();
    assert!(user.two_factor_enabled() && user.backup_code_enabled());
    no_unlocalized_text(&root);

    // Signing in now takes a code texted to the mobile.
    let (laptop, attempt) = sign_in_elsewhere(url, &email).await;
    assert_eq!(attempt.status, tessera_sdk::SignInStatus::NeedsSecondFactor);
    let sms = attempt.second_factor("phone_code").unwrap();
    assert_eq!(sms.phone_number_id.as_deref(), Some(mobile_id.as_str()));
    laptop
        .sign_in()
        .prepare_second_factor(
            &attempt.id,
            tessera_sdk::resources::sign_in::PrepareSecondFactor {
                strategy: "phone_code".to_owned(),
                phone_number_id: Some(mobile_id.clone()),
            },
        )
        .await
        .unwrap();
    let done = laptop
        .sign_in()
        .attempt_second_factor(
            &attempt.id,
            tessera_sdk::resources::sign_in::AttemptSecondFactor {
                strategy: "phone_code".to_owned(),
                code: "424242".to_owned(),
            },
        )
        .await
        .unwrap();
    assert_eq!(done.status, tessera_sdk::SignInStatus::Complete);

    // Removed after a confirmation: no second factor left, the backup codes gone with it.
    click(&root, &format!("{factor} [data-action=remove-phone-code]")).await;
    let confirm = find(&root, "form[data-confirm=remove-phone-code]").await;
    assert!(confirm.text_content().unwrap().contains(&mobile));
    no_unlocalized_text(&root);
    submit(&root, "form[data-confirm=remove-phone-code]").await;
    until("the SMS code row removed", &root, |r| {
        !has(r, "[data-factor=phone-code]") && !has(r, "[data-factor=backup-codes]")
    })
    .await;
    let said = find(
        &root,
        "[data-localization-key='userProfile.mfaPhoneCodePage.removeResource.successMessage']",
    )
    .await;
    assert!(said.text_content().unwrap().contains(&mobile));
    let user = runtime.snapshot().user().cloned().unwrap();
    assert!(!user.two_factor_enabled() && !user.backup_code_enabled());
    let (_, attempt) = sign_in_elsewhere(url, &email).await;
    assert_eq!(attempt.status, tessera_sdk::SignInStatus::Complete);
}
