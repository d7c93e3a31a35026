//! The account model reads what the server writes: `tessera_core`'s user, identification and
//! session-activity wire types serialized as the server does (and the TOTP / backup-code objects
//! the server builds as JSON), read back with the SDK's lean types, natively and in the browser.

use serde_json::json;
use tessera_core as core;
use tessera_sdk::json::{FromJson, Json};
use tessera_sdk::model::{ActiveSession, BackupCodes, PhoneNumber, TotpSecret};
use tessera_sdk::{SessionStatus, User, VerificationStatus};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn read<T: FromJson>(value: &impl serde::Serialize) -> T {
    let text = serde_json::to_string(value).expect("wire JSON");
    T::from_json(&Json::parse(&text).expect("JSON"))
}

fn verification(status: core::VerificationStatus, strategy: &str) -> Option<core::Verification> {
    Some(core::Verification {
        object: Some("verification_otp".into()),
        status,
        strategy: Some(strategy.into()),
        ..Default::default()
    })
}

fn wire_user() -> core::User {
    core::User {
        id: "user_1".into(),
        object: "user".into(),
        primary_email_address_id: Some("idn_1".into()),
        primary_phone_number_id: Some("idn_3".into()),
        password_enabled: true,
        two_factor_enabled: true,
        totp_enabled: true,
        backup_code_enabled: false,
        delete_self_enabled: true,
        email_addresses: vec![
            core::EmailAddress {
                id: "idn_1".into(),
                object: "email_address".into(),
                email_address: "ada@example.com".into(),
                verification: verification(core::VerificationStatus::Verified, "email_code"),
                ..Default::default()
            },
            core::EmailAddress {
                id: "idn_2".into(),
                object: "email_address".into(),
                email_address: "ada+work@example.com".into(),
                verification: None,
                ..Default::default()
            },
        ],
        phone_numbers: vec![core::PhoneNumber {
            id: "idn_3".into(),
            object: "phone_number".into(),
            phone_number: "+12015550123".into(),
            reserved_for_second_factor: true,
            default_second_factor: true,
            verification: verification(core::VerificationStatus::Unverified, "phone_code"),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn reads_the_user_identifications_and_flags() {
    let user: User = read(&wire_user());
    let [first, second] = &user.email_addresses[..] else {
        panic!("two email addresses: {:?}", user.email_addresses);
    };
    assert!(first.is_verified());
    assert_eq!(
        first.verification.as_ref().map(|v| v.strategy.as_deref()),
        Some(Some("email_code"))
    );
    assert_eq!(second.email_address, "ada+work@example.com");
    assert!(!second.is_verified() && second.verification.is_none());

    let phones = user.phone_numbers();
    let phone: &PhoneNumber = &phones[0];
    assert_eq!(
        (phone.id.as_str(), phone.phone_number.as_str()),
        ("idn_3", "+12015550123")
    );
    assert!(phone.reserved_for_second_factor && phone.default_second_factor);
    assert!(!phone.is_verified());
    assert_eq!(
        phone.verification.as_ref().map(|v| v.status),
        Some(VerificationStatus::Unverified)
    );
    assert_eq!(user.primary_phone_number_id().as_deref(), Some("idn_3"));
    assert!(user.password_enabled() && user.two_factor_enabled() && user.totp_enabled());
    assert!(!user.backup_code_enabled());
    assert!(user.delete_self_enabled());

    let bare: User = read(&core::User::default());
    assert!(bare.phone_numbers().is_empty() && bare.primary_phone_number_id().is_none());
    assert!(!bare.password_enabled() && !bare.delete_self_enabled());
}

fn reads_active_sessions_with_their_activity() {
    let listed = vec![
        core::SessionWithActivity {
            session: core::Session {
                id: "sess_1".into(),
                object: "session".into(),
                status: core::SessionStatus::Active,
                last_active_at: 1_700_000_000_000,
                ..Default::default()
            },
            latest_activity: Some(core::SessionActivity {
                object: "session_activity".into(),
                id: "sess_activity_1".into(),
                browser_name: Some("Chrome".into()),
                is_mobile: true,
                ip_address: Some("127.0.0.1".into()),
                city: Some("Paris".into()),
                ..Default::default()
            }),
        },
        core::SessionWithActivity {
            session: core::Session {
                id: "sess_2".into(),
                ..Default::default()
            },
            latest_activity: None,
        },
    ];
    let text = serde_json::to_string(&listed).expect("wire JSON");
    let sessions: Vec<ActiveSession> = Json::parse(&text)
        .expect("JSON")
        .items()
        .iter()
        .map(FromJson::from_json)
        .collect();
    let [one, two] = &sessions[..] else {
        panic!("two sessions: {sessions:?}");
    };
    assert_eq!(
        (one.id.as_str(), one.status, one.last_active_at),
        ("sess_1", SessionStatus::Active, 1_700_000_000_000)
    );
    let activity = one.latest_activity.as_ref().expect("activity");
    assert_eq!(activity.browser_name.as_deref(), Some("Chrome"));
    assert_eq!(activity.ip_address.as_deref(), Some("127.0.0.1"));
    assert_eq!(activity.city.as_deref(), Some("Paris"));
    assert!(activity.is_mobile && activity.device_type.is_none());
    assert!(two.latest_activity.is_none());
}

fn reads_totp_enrolment_and_backup_codes() {
    // As `server-stub/src/fapi/mfa.rs` writes them.
    let enrolling: TotpSecret = read(&json!({
        "object": "totp", "id": "totp_1", "secret": "JBSWY3DPEHPK3PXP",
        "uri": "otpauth://totp/Acme:ada%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Acme",
        "verified": false, "backup_codes": null, "created_at": 1, "updated_at": 1,
    }));
    assert_eq!(enrolling.secret, "JBSWY3DPEHPK3PXP");
    assert!(enrolling.uri.starts_with("otpauth://totp/"));
    assert!(!enrolling.verified && enrolling.backup_codes.is_empty());
    let verified: TotpSecret = read(&json!({
        "object": "totp", "id": "totp_1", "secret": null, "uri": null, "verified": true,
        "backup_codes": ["a1b2c3d4", "e5f6g7h8"],
    }));
    assert!(verified.verified && verified.secret.is_empty() && verified.uri.is_empty());
    assert_eq!(verified.backup_codes, ["a1b2c3d4", "e5f6g7h8"]);
    let codes: BackupCodes = read(&json!({
        "object": "backup_code", "id": "bcode_1", "codes": ["x1", "y2", "z3"],
    }));
    assert_eq!(codes.codes, ["x1", "y2", "z3"]);
}

macro_rules! both {
    ($($name:ident),*) => {$(
        mod $name {
            #[cfg(not(target_arch = "wasm32"))]
            #[test]
            fn native() {
                super::$name();
            }

            #[cfg(target_arch = "wasm32")]
            #[wasm_bindgen_test::wasm_bindgen_test]
            fn browser() {
                super::$name();
            }
        }
    )*};
}

both!(
    reads_the_user_identifications_and_flags,
    reads_active_sessions_with_their_activity,
    reads_totp_enrolment_and_backup_codes
);
