//! Organization roles and their system permissions. Two roles, as a new Clerk instance has.

/// A permission: key, name, description.
pub(crate) struct PermissionDef {
    pub(crate) key: &'static str,
    pub(crate) name: &'static str,
    pub(crate) description: &'static str,
}

/// A role: key, name, description, the permissions it grants.
pub(crate) struct RoleDef {
    pub(crate) key: &'static str,
    pub(crate) name: &'static str,
    pub(crate) description: &'static str,
    pub(crate) permissions: &'static [&'static str],
}

/// Manage the organization's name, slug and logo.
pub(crate) const PROFILE_MANAGE: &str = "org:sys_profile:manage";
/// Delete the organization.
pub(crate) const PROFILE_DELETE: &str = "org:sys_profile:delete";
/// See members and invitations.
pub(crate) const MEMBERSHIPS_READ: &str = "org:sys_memberships:read";
/// Invite, remove and change the role of members.
pub(crate) const MEMBERSHIPS_MANAGE: &str = "org:sys_memberships:manage";

/// The administrator role.
pub(crate) const ADMIN: &str = "org:admin";
/// The member role.
pub(crate) const MEMBER: &str = "org:member";

pub(crate) const PERMISSIONS: &[PermissionDef] = &[
    PermissionDef {
        key: PROFILE_MANAGE,
        name: "Manage organization",
        description: "Update the organization's name, slug and logo.",
    },
    PermissionDef {
        key: PROFILE_DELETE,
        name: "Delete organization",
        description: "Delete the organization.",
    },
    PermissionDef {
        key: MEMBERSHIPS_READ,
        name: "Read members",
        description: "See the members and invitations.",
    },
    PermissionDef {
        key: MEMBERSHIPS_MANAGE,
        name: "Manage members",
        description: "Invite and remove members and change their roles.",
    },
];

pub(crate) const ROLES: &[RoleDef] = &[
    RoleDef {
        key: ADMIN,
        name: "Admin",
        description: "Can manage the organization and its members.",
        permissions: &[
            PROFILE_MANAGE,
            PROFILE_DELETE,
            MEMBERSHIPS_READ,
            MEMBERSHIPS_MANAGE,
        ],
    },
    RoleDef {
        key: MEMBER,
        name: "Member",
        description: "Can see the organization and its members.",
        permissions: &[MEMBERSHIPS_READ],
    },
];

/// The role with this key.
pub(crate) fn role(key: &str) -> Option<&'static RoleDef> {
    ROLES.iter().find(|r| r.key == key)
}

/// The permission keys a role grants (none for an unknown role).
pub(crate) fn permissions_of(role_key: &str) -> Vec<String> {
    role(role_key)
        .map(|r| r.permissions.iter().map(|p| (*p).to_owned()).collect())
        .unwrap_or_default()
}

/// Whether a role grants a permission.
pub(crate) fn grants(role_key: &str, permission: &str) -> bool {
    role(role_key).is_some_and(|r| r.permissions.contains(&permission))
}
