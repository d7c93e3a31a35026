//! The organization model reads what the server writes: `tessera_core`'s organization wire types,
//! serialized as the server does, read back with the SDK's lean types (natively and in the
//! browser), plus the snapshot's active organization and the pagination arithmetic.

use tessera_core as core;
use tessera_sdk::json::{FromJson, Json};
use tessera_sdk::{
    Client, Organization, OrganizationInvitation, OrganizationMembership, PageRequest, Paginated,
    Role, UserOrganizationInvitation,
};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn read<T: FromJson>(value: &impl serde::Serialize) -> T {
    let text = serde_json::to_string(value).expect("wire JSON");
    T::from_json(&Json::parse(&text).expect("JSON"))
}

fn wire_organization() -> core::OrganizationSummary {
    core::OrganizationSummary {
        object: "organization".into(),
        id: "org_1".into(),
        name: "Acme".into(),
        slug: "acme".into(),
        image_url: "https://img.example/acme".into(),
        has_image: true,
        members_count: 3,
        pending_invitations_count: 2,
        max_allowed_memberships: 5,
        ..Default::default()
    }
}

fn wire_membership() -> core::OrganizationMembership {
    core::OrganizationMembership {
        id: "orgmem_1".into(),
        object: "organization_membership".into(),
        organization: wire_organization(),
        role: "org:admin".into(),
        role_name: "Admin".into(),
        permissions: vec!["org:sys_memberships:manage".into()],
        public_user_data: Some(core::PublicUserMembershipData {
            first_name: Some("Ada".into()),
            last_name: None,
            image_url: "https://img.example/ada".into(),
            has_image: false,
            identifier: "ada@example.com".into(),
            user_id: "user_1".into(),
        }),
        ..Default::default()
    }
}

fn wire_invitation() -> core::OrganizationInvitation {
    core::OrganizationInvitation {
        id: "orginv_1".into(),
        object: "organization_invitation".into(),
        email_address: "grace@example.com".into(),
        role: "org:member".into(),
        role_name: "Member".into(),
        organization_id: "org_1".into(),
        public_organization_data: Some(core::PublicOrganizationData {
            id: "org_1".into(),
            name: "Acme".into(),
            slug: "acme".into(),
            image_url: "https://img.example/acme".into(),
            has_image: true,
        }),
        status: "pending".into(),
        created_at: 1_700_000_000_000,
        ..Default::default()
    }
}

fn reads_organizations_and_memberships() {
    let org: Organization = read(&wire_organization());
    assert_eq!(
        (org.id.as_str(), org.name.as_str(), org.slug.as_str()),
        ("org_1", "Acme", "acme")
    );
    assert!(org.has_image);
    assert_eq!(
        (
            org.members_count(),
            org.pending_invitations_count(),
            org.max_allowed_memberships()
        ),
        (3, 2, 5)
    );
    assert_eq!(org.raw().string("object"), "organization");

    let membership: OrganizationMembership = read(&wire_membership());
    assert_eq!(membership.organization.slug, "acme");
    assert_eq!(
        (membership.role.as_str(), membership.role_name().as_str()),
        ("org:admin", "Admin")
    );
    assert_eq!(membership.permissions, ["org:sys_memberships:manage"]);
    let member = membership.public_user_data().expect("public user data");
    assert_eq!(
        (member.user_id.as_str(), member.identifier.as_str()),
        ("user_1", "ada@example.com")
    );
    assert_eq!(member.first_name.as_deref(), Some("Ada"));
    assert_eq!(member.last_name, None);
}

fn reads_invitations_roles_and_pages() {
    let invitation: UserOrganizationInvitation = read(&wire_invitation());
    assert_eq!(invitation.email_address, "grace@example.com");
    assert_eq!(
        (invitation.role.as_str(), invitation.status.as_str()),
        ("org:member", "pending")
    );
    assert_eq!(invitation.created_at, 1_700_000_000_000);
    let public = invitation
        .public_organization_data
        .as_ref()
        .expect("organization");
    assert_eq!(
        (public.name.as_str(), public.slug.as_str()),
        ("Acme", "acme")
    );

    let role: Role = read(&core::Role {
        key: "org:admin".into(),
        name: "Admin".into(),
        permissions: vec![core::Permission {
            key: "org:sys_profile:manage".into(),
            ..Default::default()
        }],
        ..Default::default()
    });
    assert_eq!(role.key, "org:admin");
    assert_eq!(role.permissions, ["org:sys_profile:manage"]);

    let page = serde_json::json!({"data": [wire_invitation()], "total_count": 21});
    let page: Paginated<OrganizationInvitation> = read(&page);
    assert_eq!((page.data.len(), page.total_count), (1, 21));
    assert_eq!(page.data[0].id, "orginv_1");
    assert_eq!(page.page_count(10), 3);
    assert_eq!(Paginated::<Role>::default().page_count(10), 0);

    let third = PageRequest::default().next().next();
    assert_eq!((third.page, third.limit(), third.offset()), (3, 10, 20));
    assert_eq!(PageRequest::default().previous().offset(), 0);
}

fn the_snapshot_finds_the_active_organization() {
    let user = core::User {
        id: "user_1".into(),
        organization_memberships: vec![wire_membership()],
        ..Default::default()
    };
    let client = |org: Option<&str>| core::Client {
        id: "client_1".into(),
        sessions: vec![core::Session {
            id: "sess_1".into(),
            status: core::SessionStatus::Active,
            last_active_organization_id: org.map(str::to_owned),
            user: Some(user.clone()),
            ..Default::default()
        }],
        last_active_session_id: Some("sess_1".into()),
        ..Default::default()
    };
    let store = tessera_sdk::state::Store::default();
    store.replace_client(Some(read::<Client>(&client(Some("org_1")))));
    let snapshot = store.snapshot();
    assert_eq!(
        snapshot.active_organization().map(|o| o.name.as_str()),
        Some("Acme")
    );
    assert_eq!(
        snapshot.active_membership().map(|m| m.id.as_str()),
        Some("orgmem_1")
    );
    let auth = snapshot.auth();
    assert_eq!(auth.org_slug.as_deref(), Some("acme"));
    assert_eq!(auth.org_role.as_deref(), Some("org:admin"));

    store.replace_client(Some(read::<Client>(&client(None))));
    let personal = store.snapshot();
    assert!(personal.active_organization().is_none());
    assert!(personal.active_membership().is_none());
    assert_eq!(personal.auth().org_id, None);
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
    reads_organizations_and_memberships,
    reads_invitations_roles_and_pages,
    the_snapshot_finds_the_active_organization
);
