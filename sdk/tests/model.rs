//! The lean model reads what the server writes: `tessera_core` wire types, serialized with
//! serde_json as the server does, read back with the SDK's types (natively through serde_json,
//! in the browser through `JSON.parse`). If a field is renamed on one side, this fails.

use tessera_core as core;
use tessera_sdk::json::{FromJson, Json};
use tessera_sdk::{
    Client, Environment, SessionClaims, SessionStatus, SignIn, SignInStatus, SignUp, SignUpStatus,
    VerificationStatus,
};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn read<T: FromJson>(value: &impl serde::Serialize) -> T {
    let text = serde_json::to_string(value).expect("wire JSON");
    T::from_json(&Json::parse(&text).expect("JSON"))
}

fn wire_verification(status: core::VerificationStatus, strategy: &str) -> core::Verification {
    core::Verification {
        status,
        strategy: Some(strategy.into()),
        ..Default::default()
    }
}

fn wire_sign_in() -> core::SignIn {
    core::SignIn {
        object: "sign_in_attempt".into(),
        id: "sia_1".into(),
        status: core::SignInStatus::NeedsFirstFactor,
        identifier: Some("ada@example.com".into()),
        supported_first_factors: Some(vec![core::SignInFactor {
            strategy: "email_code".into(),
            safe_identifier: Some("a***@example.com".into()),
            email_address_id: Some("idn_1".into()),
            ..Default::default()
        }]),
        first_factor_verification: Some(wire_verification(
            core::VerificationStatus::Unverified,
            "email_code",
        )),
        user_data: Some(core::SignInUserData {
            first_name: Some("Ada".into()),
            last_name: None,
            image_url: "https://img.example/ada".into(),
            has_image: true,
        }),
        created_session_id: None,
        ..Default::default()
    }
}

/// After the password, waiting for an authenticator code, an SMS code or a backup code.
fn wire_sign_in_second_factor() -> core::SignIn {
    let phone = |id: &str, masked: &str, primary: bool| core::SignInFactor {
        strategy: "phone_code".into(),
        safe_identifier: Some(masked.into()),
        phone_number_id: Some(id.into()),
        primary: Some(primary),
        ..Default::default()
    };
    let plain = |strategy: &str| core::SignInFactor {
        strategy: strategy.into(),
        ..Default::default()
    };
    core::SignIn {
        object: "sign_in_attempt".into(),
        id: "sia_2".into(),
        status: core::SignInStatus::NeedsSecondFactor,
        identifier: Some("ada@example.com".into()),
        supported_first_factors: Some(Vec::new()),
        supported_second_factors: Some(vec![
            plain("totp"),
            phone("idn_p1", "+1*******0101", false),
            phone("idn_p2", "+1*******0102", true),
            plain("backup_code"),
        ]),
        first_factor_verification: Some(wire_verification(
            core::VerificationStatus::Verified,
            "password",
        )),
        second_factor_verification: Some(wire_verification(
            core::VerificationStatus::Unverified,
            "phone_code",
        )),
        ..Default::default()
    }
}

fn wire_sign_up() -> core::SignUp {
    core::SignUp {
        object: "sign_up_attempt".into(),
        id: "sua_1".into(),
        status: core::SignUpStatus::MissingRequirements,
        required_fields: vec!["email_address".into(), "password".into()],
        optional_fields: vec!["first_name".into()],
        missing_fields: vec!["password".into()],
        unverified_fields: vec!["email_address".into()],
        email_address: Some("ada@example.com".into()),
        first_name: Some("Ada".into()),
        verifications: core::SignUpVerifications {
            email_address: Some(wire_verification(
                core::VerificationStatus::Verified,
                "email_code",
            )),
            ..Default::default()
        },
        created_session_id: Some("sess_1".into()),
        ..Default::default()
    }
}

fn wire_client() -> core::Client {
    let user = core::User {
        id: "user_1".into(),
        first_name: Some("Ada".into()),
        last_name: Some("Lovelace".into()),
        image_url: "https://img.example/ada".into(),
        has_image: true,
        primary_email_address_id: Some("idn_1".into()),
        email_addresses: vec![core::EmailAddress {
            id: "idn_1".into(),
            email_address: "ada@example.com".into(),
            ..Default::default()
        }],
        organization_memberships: vec![core::OrganizationMembership {
            id: "orgmem_1".into(),
            organization: core::OrganizationSummary {
                id: "org_1".into(),
                slug: "acme".into(),
                ..Default::default()
            },
            role: "org:admin".into(),
            permissions: vec!["org:sys_memberships:manage".into()],
            ..Default::default()
        }],
        ..Default::default()
    };
    core::Client {
        object: "client".into(),
        id: "client_1".into(),
        sessions: vec![
            core::Session {
                id: "sess_1".into(),
                status: core::SessionStatus::Active,
                last_active_organization_id: Some("org_1".into()),
                actor: Some(serde_json::json!({"sub": "user_admin"})),
                user: Some(user),
                ..Default::default()
            },
            core::Session {
                id: "sess_0".into(),
                status: core::SessionStatus::Ended,
                ..Default::default()
            },
        ],
        sign_in: Some(wire_sign_in()),
        sign_up: Some(wire_sign_up()),
        last_active_session_id: Some("sess_1".into()),
        ..Default::default()
    }
}

fn reads_the_wire_client() {
    let client: Client = read(&wire_client());
    assert_eq!(client.id, "client_1");
    assert_eq!(client.last_active_session_id.as_deref(), Some("sess_1"));
    assert_eq!(client.sessions.len(), 2);
    assert_eq!(client.sessions[1].status, SessionStatus::Ended);
    let session = client.last_active_session().expect("active session");
    assert_eq!(session.status, SessionStatus::Active);
    assert_eq!(
        session.last_active_organization_id.as_deref(),
        Some("org_1")
    );
    assert_eq!(
        session.actor.as_ref().map(|a| a.string("sub")).as_deref(),
        Some("user_admin")
    );
    let user = session.user.as_ref().expect("user");
    assert_eq!(user.full_name().as_deref(), Some("Ada Lovelace"));
    assert!(user.has_image);
    assert_eq!(user.image_url, "https://img.example/ada");
    assert_eq!(
        user.primary_email_address()
            .map(|e| e.email_address.as_str()),
        Some("ada@example.com")
    );
    let membership = &user.organization_memberships[0];
    assert_eq!(
        (
            membership.organization.id.as_str(),
            membership.organization.slug.as_str()
        ),
        ("org_1", "acme")
    );
    assert_eq!(membership.role, "org:admin");
    assert_eq!(membership.permissions, ["org:sys_memberships:manage"]);

    let sign_in = client.sign_in().expect("sign-in");
    assert_eq!(sign_in.id, "sia_1");
    let sign_up = client.sign_up().expect("sign-up");
    assert_eq!(sign_up.id, "sua_1");
    // The raw object is the server's, whole.
    assert_eq!(client.raw().string("object"), "client");
}

fn reads_the_wire_sign_in_and_sign_up() {
    let sign_in: SignIn = read(&wire_sign_in());
    assert_eq!(sign_in.status, SignInStatus::NeedsFirstFactor);
    assert_eq!(sign_in.identifier.as_deref(), Some("ada@example.com"));
    let factor = sign_in.first_factor("email_code").expect("factor");
    assert_eq!(factor.safe_identifier.as_deref(), Some("a***@example.com"));
    assert_eq!(factor.email_address_id.as_deref(), Some("idn_1"));
    let verification = sign_in.first_factor_verification.expect("verification");
    assert_eq!(verification.status, VerificationStatus::Unverified);
    assert_eq!(verification.strategy.as_deref(), Some("email_code"));
    let user_data = sign_in.user_data.expect("user data");
    assert_eq!(user_data.first_name.as_deref(), Some("Ada"));
    assert_eq!(user_data.image_url, "https://img.example/ada");

    assert_eq!(sign_in.supported_second_factors, None);
    assert_eq!(sign_in.second_factor_verification, None);

    let second: SignIn = read(&wire_sign_in_second_factor());
    assert_eq!(second.status, SignInStatus::NeedsSecondFactor);
    let strategies: Vec<&str> = second
        .supported_second_factors
        .iter()
        .flatten()
        .map(|f| f.strategy.as_str())
        .collect();
    assert_eq!(
        strategies,
        ["totp", "phone_code", "phone_code", "backup_code"]
    );
    // The default phone is the one a `phone_code` goes to.
    let phone = second.second_factor("phone_code").expect("phone factor");
    assert_eq!(phone.phone_number_id.as_deref(), Some("idn_p2"));
    assert_eq!(phone.safe_identifier.as_deref(), Some("+1*******0102"));
    assert!(phone.primary);
    assert!(second.second_factor("totp").is_some_and(|f| !f.primary));
    assert!(second.second_factor("backup_code").is_some());
    assert!(second.second_factor("email_code").is_none());
    let verification = second.second_factor_verification.expect("verification");
    assert_eq!(verification.status, VerificationStatus::Unverified);
    assert_eq!(verification.strategy.as_deref(), Some("phone_code"));
    assert!(second
        .first_factor_verification
        .is_some_and(|v| v.is_verified()));

    let sign_up: SignUp = read(&wire_sign_up());
    assert_eq!(sign_up.status, SignUpStatus::MissingRequirements);
    assert_eq!(sign_up.required_fields, ["email_address", "password"]);
    assert_eq!(sign_up.optional_fields, ["first_name"]);
    assert_eq!(sign_up.missing_fields, ["password"]);
    assert_eq!(sign_up.unverified_fields, ["email_address"]);
    assert_eq!(sign_up.email_address.as_deref(), Some("ada@example.com"));
    assert_eq!(sign_up.first_name.as_deref(), Some("Ada"));
    assert_eq!(sign_up.last_name, None);
    assert!(sign_up
        .verifications
        .email_address
        .as_ref()
        .is_some_and(|v| v.is_verified()));
    assert_eq!(sign_up.created_session_id.as_deref(), Some("sess_1"));

    // Every status the wire knows reads as the same variant.
    for status in [
        core::SignInStatus::NeedsIdentifier,
        core::SignInStatus::NeedsFirstFactor,
        core::SignInStatus::NeedsSecondFactor,
        core::SignInStatus::NeedsNewPassword,
        core::SignInStatus::NeedsClientTrust,
        core::SignInStatus::NeedsProtectCheck,
        core::SignInStatus::Complete,
        core::SignInStatus::Abandoned,
    ] {
        let read: SignIn = read(&core::SignIn {
            status,
            ..Default::default()
        });
        assert_eq!(read.status, status);
    }
    for status in [
        core::SignUpStatus::MissingRequirements,
        core::SignUpStatus::Complete,
        core::SignUpStatus::Abandoned,
    ] {
        let read: SignUp = read(&core::SignUp {
            status,
            ..Default::default()
        });
        assert_eq!(read.status, status);
    }
    for status in [
        core::SessionStatus::Active,
        core::SessionStatus::Revoked,
        core::SessionStatus::Ended,
        core::SessionStatus::Expired,
        core::SessionStatus::Removed,
        core::SessionStatus::Abandoned,
        core::SessionStatus::Pending,
    ] {
        let client: Client = read(&core::Client {
            sessions: vec![core::Session {
                status,
                ..Default::default()
            }],
            ..Default::default()
        });
        assert_eq!(client.sessions[0].status, status);
    }
    for status in [
        core::VerificationStatus::Unverified,
        core::VerificationStatus::Verified,
        core::VerificationStatus::Failed,
        core::VerificationStatus::Expired,
        core::VerificationStatus::Transferable,
    ] {
        let read: SignIn = read(&core::SignIn {
            first_factor_verification: Some(wire_verification(status, "password")),
            ..Default::default()
        });
        assert_eq!(
            read.first_factor_verification.map(|v| v.status),
            Some(status)
        );
    }
}

fn reads_the_wire_environment() {
    let mut wire = core::Environment::default();
    wire.display_config.application_name = "Acme".into();
    wire.auth_config.first_factors = vec!["password".into(), "email_code".into()];
    wire.user_settings.attributes.email_address.enabled = true;
    wire.user_settings.attributes.email_address.required = true;
    wire.user_settings.attributes.first_name.enabled = true;
    wire.user_settings.attributes.last_name.enabled = true;
    wire.user_settings.attributes.password.enabled = true;
    wire.user_settings.attributes.password.required = true;
    wire.user_settings.password_settings.min_length = 8;
    let environment: Environment = read(&wire);
    assert_eq!(environment.display_config.application_name, "Acme");
    assert_eq!(
        environment.auth_config.first_factors,
        ["password", "email_code"]
    );
    let attributes = &environment.user_settings.attributes;
    assert!(attributes.email_address.enabled && attributes.email_address.required);
    assert!(attributes.first_name.enabled && !attributes.first_name.required);
    assert!(attributes.last_name.enabled && !attributes.last_name.required);
    assert!(attributes.password.enabled && attributes.password.required);
    assert_eq!(environment.user_settings.password_settings.min_length, 8);
}

fn reads_the_wire_claims() {
    use base64::Engine as _;
    let (o, fea) = core::OrganizationClaim::from_keys(
        "org_1",
        "acme",
        "org:admin",
        &["org:sys_memberships:manage".to_owned()],
    );
    let wire = core::SessionClaims {
        exp: 160,
        iat: 100,
        nbf: 95,
        iss: "http://fapi".into(),
        sid: "sess_1".into(),
        sub: "user_1".into(),
        v: 2,
        jti: "jti_1".into(),
        fea: Some(fea),
        o: Some(o),
        act: Some(core::Actor {
            sub: "user_admin".into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(&wire).expect("claims JSON"));
    let claims = SessionClaims::decode_unverified(&format!("e30.{payload}.sig")).expect("claims");
    assert_eq!(
        (claims.sid.as_str(), claims.sub.as_str()),
        ("sess_1", "user_1")
    );
    assert_eq!((claims.exp, claims.iat), (160, 100));
    assert_eq!(claims.jti, "jti_1");
    assert_eq!(claims.org_permissions(), ["org:sys_memberships:manage"]);
    assert_eq!(claims.o.as_ref().map(|o| o.rol.as_str()), Some("admin"));
    assert_eq!(
        claims.act.as_ref().map(|a| a.string("sub")).as_deref(),
        Some("user_admin")
    );
    assert_eq!(claims.raw().string("iss"), "http://fapi");
    assert!(SessionClaims::decode_unverified("a.b.c.d").is_none());
    assert!(SessionClaims::decode_unverified("e30.!!!.sig").is_none());
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
    reads_the_wire_client,
    reads_the_wire_sign_in_and_sign_up,
    reads_the_wire_environment,
    reads_the_wire_claims
);
