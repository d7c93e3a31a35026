-- Organizations (B2B): organizations, memberships with roles, invitations by email, logos.

CREATE TABLE organizations (
    id   TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    data TEXT NOT NULL
);

CREATE TABLE organization_memberships (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    data            TEXT NOT NULL,
    UNIQUE (organization_id, user_id)
);
CREATE INDEX organization_memberships_user ON organization_memberships (user_id);

CREATE TABLE organization_invitations (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email_address   TEXT NOT NULL,
    ticket          TEXT NOT NULL UNIQUE,
    data            TEXT NOT NULL
);
CREATE INDEX organization_invitations_org ON organization_invitations (organization_id);
CREATE INDEX organization_invitations_email ON organization_invitations (email_address);

CREATE TABLE organization_logos (
    organization_id TEXT PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    content_type    TEXT NOT NULL,
    bytes           BLOB NOT NULL,
    updated_at      INTEGER NOT NULL
);
