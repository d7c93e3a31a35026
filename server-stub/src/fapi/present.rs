//! Records → wire objects. The only place that decides what a client may see of a record.

use serde_json::Map;
use tessera_core::{
    Client, EmailAddress, OrganizationInvitation, OrganizationMembership, OrganizationSummary,
    Permission, PhoneNumber, PublicOrganizationData, PublicUserData, PublicUserMembershipData,
    Role, Session, SessionStatus, SignIn, SignInFactor, SignInStatus, SignInUserData, SignUp,
    SignUpStatus, SignUpVerifications, TokenResponse, User, Verification, VerificationStatus,
};

use crate::error::{FapiError, FapiResult};
use crate::store::{
    ClientRecord, FactorVerification, IdentificationRecord, InvitationRecord, MembershipRecord,
    OrganizationRecord, SessionRecord, SignInRecord, SignUpRecord, Store, UserRecord,
};

/// Sign-ins and sign-ups are abandoned after this long.
pub(crate) const ATTEMPT_LIFETIME_MS: i64 = 24 * 3600 * 1000;

/// Users without an uploaded image get a generated avatar: their initials on a colour derived from
/// the id, as a `data:` URI so that no page ever fetches it from elsewhere.
fn avatar_url(state: &crate::AppState, user: &UserRecord) -> String {
    match user.image_updated_at {
        Some(at) => format!(
            "{}/v1/users/{}/profile_image?v={at}",
            state.frontend_api_url(),
            user.id
        ),
        None => initials_avatar(
            &user.id,
            &[user.first_name.as_deref(), user.last_name.as_deref()],
        ),
    }
}

/// An SVG avatar with the initials of `names` on a colour derived from `seed`, as a `data:` URI.
fn initials_avatar(seed: &str, names: &[Option<&str>]) -> String {
    use base64::Engine as _;
    let initials: String = names
        .iter()
        .copied()
        .flatten()
        .flat_map(str::split_whitespace)
        .filter_map(|word| word.chars().next())
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .take(2)
        .collect();
    let hue = seed
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        % 360;
    let label = if initials.is_empty() {
        // A neutral person silhouette when there is no name.
        r##"<circle cx="64" cy="50" r="22" fill="#fff"/><path d="M24 112c4-22 20-34 40-34s36 12 40 34z" fill="#fff"/>"##.to_owned()
    } else {
        format!(
            r##"<text x="64" y="64" dy=".35em" text-anchor="middle" font-family="system-ui,sans-serif" font-size="52" font-weight="600" fill="#fff">{initials}</text>"##
        )
    };
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128"><rect width="128" height="128" fill="hsl({hue},55%,42%)"/>{label}</svg>"##
    );
    format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    )
}

/// The wire form of a code or password verification.
pub(crate) fn verification(v: &FactorVerification) -> Verification {
    let object = if v.strategy == "totp" {
        "verification_totp"
    } else if v.strategy == "backup_code" {
        "verification_backup_code"
    } else if v.strategy == "ticket" {
        "verification_ticket"
    } else if v.strategy == "password" {
        "verification_password"
    } else {
        "verification_otp"
    };
    Verification {
        object: Some(object.to_owned()),
        status: v.status,
        strategy: Some(v.strategy.clone()),
        attempts: Some(v.attempts),
        expire_at: v.expire_at,
        next_action: None,
        supported_strategies: None,
    }
}

/// The verification of an identification: its pending code while unverified, else how it was verified.
fn identification_verification(ident: &IdentificationRecord) -> Verification {
    if let (false, Some(pending)) = (ident.verified, &ident.pending) {
        return verification(pending);
    }
    Verification {
        object: Some("verification_otp".to_owned()),
        status: if ident.verified {
            VerificationStatus::Verified
        } else {
            VerificationStatus::Unverified
        },
        strategy: Some(
            ident
                .verification_strategy
                .clone()
                .unwrap_or_else(|| "email_code".to_owned()),
        ),
        attempts: None,
        expire_at: Some(ident.updated_at),
        next_action: None,
        supported_strategies: None,
    }
}

/// An email address of a user.
pub(crate) fn email_address(ident: &IdentificationRecord) -> EmailAddress {
    EmailAddress {
        id: ident.id.clone(),
        object: "email_address".to_owned(),
        email_address: ident.value.clone(),
        reserved: false,
        verification: Some(identification_verification(ident)),
        linked_to: Vec::new(),
        created_at: ident.created_at,
        updated_at: ident.updated_at,
    }
}

/// A phone number of a user.
pub(crate) fn phone_number(ident: &IdentificationRecord) -> PhoneNumber {
    PhoneNumber {
        id: ident.id.clone(),
        object: "phone_number".to_owned(),
        phone_number: ident.value.clone(),
        reserved_for_second_factor: ident.reserved_for_second_factor,
        default_second_factor: ident.default_second_factor,
        reserved: false,
        verification: Some(identification_verification(ident)),
        linked_to: Vec::new(),
        backup_codes: None,
        created_at: ident.created_at,
        updated_at: ident.updated_at,
    }
}

/// Phone numbers that receive second-factor codes (verified and reserved for it), default first.
pub(crate) fn second_factor_phones(
    store: &Store<'_>,
    user: &UserRecord,
) -> FapiResult<Vec<IdentificationRecord>> {
    let mut phones: Vec<IdentificationRecord> = store
        .identifications_of(&user.id)?
        .into_iter()
        .filter(|i| i.kind == "phone_number" && i.verified && i.reserved_for_second_factor)
        .collect();
    phones.sort_by_key(|p| !p.default_second_factor);
    Ok(phones)
}

/// Whether sign-in asks this user for a second factor.
pub(crate) fn two_factor_enabled(store: &Store<'_>, user: &UserRecord) -> FapiResult<bool> {
    Ok(user.totp_enabled() || !second_factor_phones(store, user)?.is_empty())
}

fn mask_phone(phone: &str) -> String {
    let keep = 4.min(phone.len());
    let (head, tail) = phone.split_at(phone.len() - keep);
    let prefix: String = head.chars().take(2).collect();
    format!("{prefix}{}{tail}", "*".repeat(head.len().saturating_sub(2)))
}

/// The full user, as embedded in sessions and returned by `/v1/me`.
pub(crate) fn user(
    store: &Store<'_>,
    state: &crate::AppState,
    user: &UserRecord,
    now: i64,
) -> FapiResult<User> {
    let emails: Vec<EmailAddress> = store
        .identifications_of(&user.id)?
        .iter()
        .filter(|i| i.kind == "email_address")
        .map(email_address)
        .collect();
    let locked_for = user
        .locked_until
        .filter(|until| *until > now)
        .map(|until| u64::try_from((until - now + 999) / 1000).unwrap_or(0));
    Ok(User {
        id: user.id.clone(),
        object: "user".to_owned(),
        username: user.username.clone(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        image_url: avatar_url(state, user),
        has_image: user.image_updated_at.is_some(),
        primary_email_address_id: user.primary_email_address_id.clone(),
        primary_phone_number_id: user.primary_phone_number_id.clone(),
        primary_web3_wallet_id: None,
        password_enabled: user.password_hash.is_some(),
        two_factor_enabled: two_factor_enabled(store, user)?,
        totp_enabled: user.totp_enabled(),
        backup_code_enabled: !user.backup_code_hashes.is_empty(),
        email_addresses: emails,
        phone_numbers: store
            .identifications_of(&user.id)?
            .iter()
            .filter(|i| i.kind == "phone_number")
            .map(phone_number)
            .collect(),
        web3_wallets: Vec::new(),
        passkeys: Vec::new(),
        organization_memberships: store
            .memberships_of_user(&user.id)?
            .iter()
            .map(|m| membership(store, state, m, false, now))
            .collect::<FapiResult<Vec<_>>>()?,
        external_accounts: Vec::new(),
        saml_accounts: Vec::new(),
        enterprise_accounts: Vec::new(),
        password_last_updated_at: user.password_last_updated_at,
        public_metadata: user.public_metadata.clone(),
        unsafe_metadata: user.unsafe_metadata.clone(),
        external_id: None,
        last_sign_in_at: user.last_sign_in_at,
        banned: user.banned,
        locked: locked_for.is_some(),
        lockout_expires_in_seconds: locked_for,
        verification_attempts_remaining: Some(
            crate::fapi::sign_ins::MAX_FAILED_ATTEMPTS.saturating_sub(user.failed_attempts),
        ),
        created_at: user.created_at,
        updated_at: user.updated_at,
        delete_self_enabled: true,
        create_organization_enabled: true,
        last_active_at: user.last_active_at,
        mfa_enabled_at: user.mfa_enabled_at,
        mfa_disabled_at: user.mfa_disabled_at,
        legal_accepted_at: None,
    })
}

fn public_user_data(user: &User) -> PublicUserData {
    PublicUserData {
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        image_url: Some(user.image_url.clone()),
        has_image: user.has_image,
        identifier: user
            .primary_email_address()
            .map(|e| e.email_address.clone())
            .unwrap_or_default(),
        user_id: Some(user.id.clone()),
        username: user.username.clone(),
    }
}

fn minutes_since(then: i64, now: i64) -> i64 {
    ((now - then).max(0)) / 60_000
}

/// A session with its user embedded.
pub(crate) fn session(
    store: &Store<'_>,
    state: &crate::AppState,
    record: &SessionRecord,
    now: i64,
) -> FapiResult<Session> {
    let user_record = store
        .user(&record.user_id)?
        .ok_or_else(|| FapiError::internal(&"session without user"))?;
    let user = user(store, state, &user_record, now)?;
    Ok(Session {
        id: record.id.clone(),
        object: "session".to_owned(),
        status: record.status_at(now),
        expire_at: record.expire_at,
        abandon_at: record.abandon_at,
        last_active_at: record.last_active_at,
        last_active_token: None::<TokenResponse>,
        actor: record.actor.clone(),
        last_active_organization_id: record.last_active_organization_id.clone(),
        public_user_data: Some(public_user_data(&user)),
        user: Some(user),
        factor_verification_age: vec![
            minutes_since(record.first_factor_verified_at, now),
            record
                .second_factor_verified_at
                .map_or(-1, |t| minutes_since(t, now)),
        ],
        created_at: record.created_at,
        updated_at: record.updated_at,
    })
}

fn mask_email(email: &str) -> String {
    // Clerk shows the full address for email codes: the user typed it themselves.
    email.to_owned()
}

/// The first factors a user may sign in with, per the instance settings.
pub(crate) fn first_factors(
    store: &Store<'_>,
    state: &crate::AppState,
    user: &UserRecord,
) -> FapiResult<Vec<SignInFactor>> {
    use crate::config::FirstFactor;
    let mut factors = Vec::new();
    let config = state.config();
    if config.allows(FirstFactor::Password) && user.password_hash.is_some() {
        factors.push(SignInFactor {
            strategy: "password".to_owned(),
            ..Default::default()
        });
    }
    let emails = store.identifications_of(&user.id)?;
    for email in emails
        .iter()
        .filter(|i| i.kind == "email_address" && i.verified)
    {
        let primary = user.primary_email_address_id.as_deref() == Some(email.id.as_str());
        let factor = |strategy: &str| SignInFactor {
            strategy: strategy.to_owned(),
            safe_identifier: Some(mask_email(&email.value)),
            email_address_id: Some(email.id.clone()),
            primary: Some(primary),
            ..Default::default()
        };
        if config.allows(FirstFactor::EmailCode) {
            factors.push(factor("email_code"));
        }
        if user.password_hash.is_some() && config.allows(FirstFactor::Password) {
            factors.push(factor("reset_password_email_code"));
        }
    }
    Ok(factors)
}

/// A sign-in attempt.
pub(crate) fn sign_in(
    store: &Store<'_>,
    state: &crate::AppState,
    record: &SignInRecord,
    now: i64,
) -> FapiResult<SignIn> {
    let user = match &record.user_id {
        Some(id) => store.user(id)?,
        None => None,
    };
    let status = if record.status != SignInStatus::Complete && now >= record.abandon_at {
        SignInStatus::Abandoned
    } else {
        record.status
    };
    let factors = match (&user, status) {
        (Some(user), SignInStatus::NeedsFirstFactor | SignInStatus::NeedsNewPassword) => {
            Some(first_factors(store, state, user)?)
        }
        (Some(_), _) => Some(Vec::new()),
        (None, _) => None,
    };
    Ok(SignIn {
        object: "sign_in_attempt".to_owned(),
        id: record.id.clone(),
        status,
        supported_identifiers: vec!["email_address".to_owned()],
        supported_first_factors: factors,
        supported_second_factors: match (&user, status) {
            (Some(u), SignInStatus::NeedsSecondFactor) => {
                let mut factors = Vec::new();
                if u.totp_enabled() {
                    factors.push(SignInFactor {
                        strategy: "totp".to_owned(),
                        ..Default::default()
                    });
                }
                for phone in second_factor_phones(store, u)? {
                    factors.push(SignInFactor {
                        strategy: "phone_code".to_owned(),
                        safe_identifier: Some(mask_phone(&phone.value)),
                        phone_number_id: Some(phone.id.clone()),
                        primary: Some(phone.default_second_factor),
                        ..Default::default()
                    });
                }
                if !u.backup_code_hashes.is_empty() {
                    factors.push(SignInFactor {
                        strategy: "backup_code".to_owned(),
                        ..Default::default()
                    });
                }
                Some(factors)
            }
            _ => None,
        },
        first_factor_verification: record.first_factor.as_ref().map(verification),
        second_factor_verification: record.second_factor.as_ref().map(verification),
        identifier: record.identifier.clone(),
        user_data: user.as_ref().map(|u| SignInUserData {
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            image_url: avatar_url(state, u),
            has_image: u.image_updated_at.is_some(),
        }),
        created_session_id: record.created_session_id.clone(),
        abandon_at: record.abandon_at,
    })
}

/// A sign-up attempt, with its requirements computed from the instance settings.
pub(crate) fn sign_up(state: &crate::AppState, record: &SignUpRecord, now: i64) -> SignUp {
    let req = crate::fapi::sign_ups::Requirements::of(state.config(), record);
    let status = if record.status == SignUpStatus::MissingRequirements && now >= record.abandon_at {
        SignUpStatus::Abandoned
    } else {
        record.status
    };
    let email_verification = record.email_verification.as_ref().map(|v| {
        let mut wire = verification(v);
        wire.next_action = Some(if v.status == VerificationStatus::Verified {
            String::new()
        } else {
            "needs_attempt".to_owned()
        });
        wire.supported_strategies = Some(vec!["email_code".to_owned()]);
        wire
    });
    SignUp {
        object: "sign_up_attempt".to_owned(),
        id: record.id.clone(),
        status,
        required_fields: req.required,
        optional_fields: req.optional,
        missing_fields: req.missing,
        unverified_fields: req.unverified,
        verifications: SignUpVerifications {
            email_address: email_verification,
            ..Default::default()
        },
        username: None,
        email_address: record.email_address.clone(),
        phone_number: None,
        web3_wallet: None,
        password_enabled: record.password_hash.is_some(),
        first_name: record.first_name.clone(),
        last_name: record.last_name.clone(),
        unsafe_metadata: record.unsafe_metadata.clone(),
        public_metadata: Map::new(),
        custom_action: false,
        external_id: None,
        created_session_id: record.created_session_id.clone(),
        created_user_id: record.created_user_id.clone(),
        abandon_at: record.abandon_at,
        legal_accepted_at: None,
    }
}

/// The client with its active sessions and in-progress attempts.
pub(crate) fn client(
    store: &Store<'_>,
    state: &crate::AppState,
    record: &ClientRecord,
    now: i64,
) -> FapiResult<Client> {
    let mut sessions = Vec::new();
    for s in store.sessions_of_client(&record.id)? {
        if s.status_at(now) == SessionStatus::Active {
            sessions.push(session(store, state, &s, now)?);
        }
    }
    let last_active_session_id = record
        .last_active_session_id
        .clone()
        .filter(|id| sessions.iter().any(|s| &s.id == id));
    let sign_in_attempt = match &record.sign_in_id {
        Some(id) => store
            .sign_in(id)?
            .map(|a| sign_in(store, state, &a, now))
            .transpose()?,
        None => None,
    };
    let sign_up_attempt = match &record.sign_up_id {
        Some(id) => store.sign_up(id)?.map(|a| sign_up(state, &a, now)),
        None => None,
    };
    Ok(Client {
        object: "client".to_owned(),
        id: record.id.clone(),
        sessions,
        sign_in: sign_in_attempt,
        sign_up: sign_up_attempt,
        last_active_session_id,
        last_authentication_strategy: record.last_authentication_strategy.clone(),
        cookie_expires_at: None,
        captcha_bypass: true,
        created_at: record.created_at,
        updated_at: record.updated_at,
    })
}

/// The URL of an organization's image: its uploaded logo, or generated initials.
pub(crate) fn organization_image(
    state: &crate::AppState,
    org: &OrganizationRecord,
) -> (String, bool) {
    match org.logo_updated_at {
        Some(at) => (
            format!(
                "{}/v1/organizations/{}/logo?v={at}",
                state.frontend_api_url(),
                org.id
            ),
            true,
        ),
        None => (initials_avatar(&org.id, &[Some(org.name.as_str())]), false),
    }
}

/// An organization with its member and pending-invitation counts.
pub(crate) fn organization(
    store: &Store<'_>,
    state: &crate::AppState,
    org: &OrganizationRecord,
    now: i64,
) -> FapiResult<OrganizationSummary> {
    let (image_url, has_image) = organization_image(state, org);
    let members = store.memberships_of_organization(&org.id)?.len();
    let pending = store
        .invitations_of_organization(&org.id)?
        .iter()
        .filter(|i| i.status_at(now) == "pending")
        .count();
    Ok(OrganizationSummary {
        object: "organization".to_owned(),
        id: org.id.clone(),
        name: org.name.clone(),
        slug: org.slug.clone(),
        image_url,
        has_image,
        members_count: u32::try_from(members).unwrap_or(u32::MAX),
        pending_invitations_count: u32::try_from(pending).unwrap_or(u32::MAX),
        max_allowed_memberships: org.max_allowed_memberships,
        admin_delete_enabled: true,
        public_metadata: org.public_metadata.clone(),
        created_at: org.created_at,
        updated_at: org.updated_at,
    })
}

/// A membership with its organization (and, for member lists, the member's public data).
pub(crate) fn membership(
    store: &Store<'_>,
    state: &crate::AppState,
    m: &MembershipRecord,
    with_user: bool,
    now: i64,
) -> FapiResult<OrganizationMembership> {
    let org = store
        .organization(&m.organization_id)?
        .ok_or_else(|| FapiError::internal(&"membership without organization"))?;
    let public_user_data = if with_user {
        let member = store
            .user(&m.user_id)?
            .ok_or_else(|| FapiError::internal(&"membership without user"))?;
        let identifier = member
            .primary_email_address_id
            .as_deref()
            .and_then(|id| {
                store
                    .identifications_of(&member.id)
                    .ok()?
                    .into_iter()
                    .find(|i| i.id == id)
            })
            .map(|i| i.value)
            .unwrap_or_default();
        Some(PublicUserMembershipData {
            first_name: member.first_name.clone(),
            last_name: member.last_name.clone(),
            image_url: avatar_url(state, &member),
            has_image: member.image_updated_at.is_some(),
            identifier,
            user_id: member.id.clone(),
        })
    } else {
        None
    };
    let role_name = crate::roles::role(&m.role)
        .map_or(m.role.as_str(), |r| r.name)
        .to_owned();
    Ok(OrganizationMembership {
        id: m.id.clone(),
        object: "organization_membership".to_owned(),
        organization: organization(store, state, &org, now)?,
        role: m.role.clone(),
        role_name,
        permissions: crate::roles::permissions_of(&m.role),
        public_metadata: Map::new(),
        public_user_data,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// An invitation, with what the invitee may see of the organization.
pub(crate) fn invitation(
    store: &Store<'_>,
    state: &crate::AppState,
    inv: &InvitationRecord,
    now: i64,
) -> FapiResult<OrganizationInvitation> {
    let org = store
        .organization(&inv.organization_id)?
        .ok_or_else(|| FapiError::internal(&"invitation without organization"))?;
    let (image_url, has_image) = organization_image(state, &org);
    Ok(OrganizationInvitation {
        id: inv.id.clone(),
        object: "organization_invitation".to_owned(),
        email_address: inv.email_address.clone(),
        role: inv.role.clone(),
        role_name: crate::roles::role(&inv.role)
            .map_or(inv.role.as_str(), |r| r.name)
            .to_owned(),
        organization_id: org.id.clone(),
        public_organization_data: Some(PublicOrganizationData {
            id: org.id.clone(),
            name: org.name.clone(),
            slug: org.slug.clone(),
            image_url,
            has_image,
        }),
        status: inv.status_at(now).to_owned(),
        public_metadata: Map::new(),
        url: Some(inv.url.clone()),
        expires_at: Some(inv.expires_at),
        created_at: inv.created_at,
        updated_at: inv.updated_at,
    })
}

/// The roles an organization offers.
pub(crate) fn roles() -> Vec<Role> {
    crate::roles::ROLES
        .iter()
        .map(|r| Role {
            object: "role".to_owned(),
            id: format!("role_{}", r.key.trim_start_matches("org:")),
            name: r.name.to_owned(),
            key: r.key.to_owned(),
            description: r.description.to_owned(),
            is_creator_eligible: r.key == crate::roles::ADMIN,
            permissions: r
                .permissions
                .iter()
                .filter_map(|key| crate::roles::PERMISSIONS.iter().find(|p| p.key == *key))
                .map(|p| Permission {
                    object: "permission".to_owned(),
                    id: format!(
                        "perm_{}",
                        p.key.trim_start_matches("org:").replace(':', "_")
                    ),
                    name: p.name.to_owned(),
                    key: p.key.to_owned(),
                    description: p.description.to_owned(),
                    kind: "system".to_owned(),
                    created_at: 0,
                    updated_at: 0,
                })
                .collect(),
            created_at: 0,
            updated_at: 0,
        })
        .collect()
}
