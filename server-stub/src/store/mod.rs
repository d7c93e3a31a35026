//! SQLite storage: migrations, durability settings, and one transaction per request.
//!
//! Every write runs inside an immediate transaction that commits before the response is sent, with
//! WAL and `synchronous = FULL`, so an acknowledged write survives a crash or `kill -9`.

mod records;

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use rusqlite_migration::{Migrations, M};
use serde::de::DeserializeOwned;

pub(crate) use records::*;

use crate::error::{FapiError, FapiResult};

/// A storage failure at start-up.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused to open or configure the database.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The schema could not be brought up to date.
    #[error("migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// The directory of the database file could not be created.
    #[error("cannot create {path}: {source}")]
    Directory {
        path: String,
        source: std::io::Error,
    },
}

/// The database. One connection behind a mutex: SQLite serializes writers anyway, and requests
/// are short.
#[derive(Debug)]
pub struct Db {
    conn: Mutex<Connection>,
    location: String,
}

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../../migrations/0001_initial.sql")),
        M::up(include_str!("../../migrations/0002_organizations.sql")),
        M::up(include_str!("../../migrations/0003_user_images.sql")),
    ])
}

impl Db {
    /// Open (creating if needed) the database at `path`, or an in-memory one for `:memory:`.
    pub fn open(path: &str) -> Result<Self, StoreError> {
        let (mut conn, location) = if path == ":memory:" {
            (Connection::open_in_memory()?, ":memory:".to_owned())
        } else {
            let file = Path::new(path);
            if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::Directory {
                    path: dir.display().to_string(),
                    source,
                })?;
            }
            let conn = Connection::open(file)?;
            let location = std::fs::canonicalize(file)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| path.to_owned());
            (conn, location)
        };
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations().to_latest(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
            location,
        })
    }

    /// Where the data lives (an absolute file path, or `:memory:`).
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Run `f` in one immediate transaction: committed if it returns `Ok`, rolled back otherwise.
    pub fn transaction<T>(&self, f: impl FnOnce(&Store<'_>) -> FapiResult<T>) -> FapiResult<T> {
        let mut conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let result = f(&Store { tx: &tx })?;
        tx.commit()?;
        Ok(result)
    }
}

/// The open transaction of one request, with typed accessors for each table.
#[derive(Debug)]
pub struct Store<'a> {
    tx: &'a rusqlite::Transaction<'a>,
}

fn decode<T: DeserializeOwned>(data: &str) -> FapiResult<T> {
    serde_json::from_str(data).map_err(|e| FapiError::internal(&format!("corrupt record: {e}")))
}

impl Store<'_> {
    fn get_doc<T: DeserializeOwned>(&self, table: &str, id: &str) -> FapiResult<Option<T>> {
        let data: Option<String> = self
            .tx
            .query_row(
                &format!("SELECT data FROM {table} WHERE id = ?1"),
                params![id],
                |row| row.get(0),
            )
            .optional()?;
        data.as_deref().map(decode).transpose()
    }

    fn list_docs<T: DeserializeOwned>(
        &self,
        table: &str,
        column: &str,
        value: &str,
    ) -> FapiResult<Vec<T>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT data FROM {table} WHERE {column} = ?1 ORDER BY rowid"
        ))?;
        let rows = stmt.query_map(params![value], |row| row.get::<_, String>(0))?;
        let mut out = Vec::new();
        for row in rows {
            out.push(decode(&row?)?);
        }
        Ok(out)
    }

    // ---- settings and keys ----

    /// A stored setting.
    pub fn setting(&self, key: &str) -> FapiResult<Option<String>> {
        Ok(self
            .tx
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                params![key],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Store a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> FapiResult<()> {
        self.tx.execute("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2", params![key, value])?;
        Ok(())
    }

    /// Signing keys that are not retired, oldest first: `(kid, pkcs8 DER)`.
    pub fn signing_keys(&self) -> FapiResult<Vec<(String, Vec<u8>)>> {
        let mut stmt = self.tx.prepare("SELECT kid, pkcs8 FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at, rowid")?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Store a new signing key.
    pub fn insert_signing_key(&self, kid: &str, pkcs8: &[u8], now: i64) -> FapiResult<()> {
        self.tx.execute(
            "INSERT INTO signing_keys (kid, pkcs8, created_at) VALUES (?1, ?2, ?3)",
            params![kid, pkcs8, now],
        )?;
        Ok(())
    }

    // ---- dev browsers ----

    /// Register a dev-browser token.
    pub fn insert_dev_browser(&self, token: &str, now: i64) -> FapiResult<()> {
        self.tx.execute(
            "INSERT INTO dev_browsers (token, created_at) VALUES (?1, ?2)",
            params![token, now],
        )?;
        Ok(())
    }

    /// The client bound to a dev-browser token: `None` if the token is unknown, `Some(None)` if known
    /// but without a client yet.
    pub fn dev_browser_client(&self, token: &str) -> FapiResult<Option<Option<String>>> {
        Ok(self
            .tx
            .query_row(
                "SELECT client_id FROM dev_browsers WHERE token = ?1",
                params![token],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Bind a dev-browser token to a client.
    pub fn bind_dev_browser(&self, token: &str, client_id: Option<&str>) -> FapiResult<()> {
        self.tx.execute(
            "UPDATE dev_browsers SET client_id = ?2 WHERE token = ?1",
            params![token, client_id],
        )?;
        Ok(())
    }

    // ---- clients ----

    /// A client by id.
    pub fn client(&self, id: &str) -> FapiResult<Option<ClientRecord>> {
        self.get_doc("clients", id)
    }

    /// A client by the token of its `__client` cookie.
    pub fn client_by_cookie(&self, cookie_token: &str) -> FapiResult<Option<ClientRecord>> {
        let data: Option<String> = self
            .tx
            .query_row(
                "SELECT data FROM clients WHERE cookie_token = ?1",
                params![cookie_token],
                |r| r.get(0),
            )
            .optional()?;
        data.as_deref().map(decode).transpose()
    }

    /// Insert or update a client.
    pub fn put_client(&self, client: &ClientRecord) -> FapiResult<()> {
        self.tx.execute(
            "INSERT INTO clients (id, cookie_token, data) VALUES (?1, ?2, ?3) ON CONFLICT(id) DO UPDATE SET data = ?3",
            params![client.id, client.cookie_token, serde_json::to_string(client)?],
        )?;
        Ok(())
    }

    /// Delete a client and its attempts (its sessions are ended by the caller first).
    pub fn delete_client(&self, id: &str) -> FapiResult<()> {
        self.tx
            .execute("DELETE FROM sign_ins WHERE client_id = ?1", params![id])?;
        self.tx
            .execute("DELETE FROM sign_ups WHERE client_id = ?1", params![id])?;
        self.tx.execute(
            "UPDATE dev_browsers SET client_id = NULL WHERE client_id = ?1",
            params![id],
        )?;
        self.tx
            .execute("DELETE FROM clients WHERE id = ?1", params![id])?;
        Ok(())
    }

    // ---- users and identifications ----

    /// A user by id.
    pub fn user(&self, id: &str) -> FapiResult<Option<UserRecord>> {
        self.get_doc("users", id)
    }

    /// Insert or update a user.
    pub fn put_user(&self, user: &UserRecord) -> FapiResult<()> {
        self.tx.execute(
            "INSERT INTO users (id, data) VALUES (?1, ?2) ON CONFLICT(id) DO UPDATE SET data = ?2",
            params![user.id, serde_json::to_string(user)?],
        )?;
        Ok(())
    }

    /// The identification with this kind and (normalized) value.
    pub fn identification_by_value(
        &self,
        kind: &str,
        value: &str,
    ) -> FapiResult<Option<IdentificationRecord>> {
        let data: Option<String> = self
            .tx
            .query_row(
                "SELECT data FROM identifications WHERE kind = ?1 AND value = ?2",
                params![kind, value],
                |r| r.get(0),
            )
            .optional()?;
        data.as_deref().map(decode).transpose()
    }

    /// A user's identifications, oldest first.
    pub fn identifications_of(&self, user_id: &str) -> FapiResult<Vec<IdentificationRecord>> {
        self.list_docs("identifications", "user_id", user_id)
    }

    /// Insert or update an identification.
    pub fn put_identification(&self, ident: &IdentificationRecord) -> FapiResult<()> {
        self.tx.execute(
            "INSERT INTO identifications (id, user_id, kind, value, data) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(id) DO UPDATE SET value = ?4, data = ?5",
            params![ident.id, ident.user_id, ident.kind, ident.value, serde_json::to_string(ident)?],
        )?;
        Ok(())
    }

    /// Delete a user with everything that is theirs (identifications, sessions, memberships).
    pub(crate) fn delete_user(&self, id: &str) -> FapiResult<()> {
        self.tx
            .execute("DELETE FROM users WHERE id = ?1", params![id])?;
        Ok(())
    }

    /// Delete an identification.
    pub(crate) fn delete_identification(&self, id: &str) -> FapiResult<()> {
        self.tx
            .execute("DELETE FROM identifications WHERE id = ?1", params![id])?;
        Ok(())
    }

    // ---- sessions ----

    /// A session by id.
    pub fn session(&self, id: &str) -> FapiResult<Option<SessionRecord>> {
        self.get_doc("sessions", id)
    }

    /// The sessions of a client, oldest first.
    pub fn sessions_of_client(&self, client_id: &str) -> FapiResult<Vec<SessionRecord>> {
        self.list_docs("sessions", "client_id", client_id)
    }

    /// The sessions of a user, oldest first.
    pub fn sessions_of_user(&self, user_id: &str) -> FapiResult<Vec<SessionRecord>> {
        self.list_docs("sessions", "user_id", user_id)
    }

    /// Insert or update a session.
    pub fn put_session(&self, session: &SessionRecord) -> FapiResult<()> {
        self.tx.execute(
            "INSERT INTO sessions (id, client_id, user_id, data) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(id) DO UPDATE SET data = ?4",
            params![session.id, session.client_id, session.user_id, serde_json::to_string(session)?],
        )?;
        Ok(())
    }

    // ---- sign-in and sign-up attempts ----

    /// A sign-in attempt by id.
    pub fn sign_in(&self, id: &str) -> FapiResult<Option<SignInRecord>> {
        self.get_doc("sign_ins", id)
    }

    /// Insert or update a sign-in attempt.
    pub fn put_sign_in(&self, attempt: &SignInRecord) -> FapiResult<()> {
        self.tx.execute(
            "INSERT INTO sign_ins (id, client_id, data) VALUES (?1, ?2, ?3) ON CONFLICT(id) DO UPDATE SET data = ?3",
            params![attempt.id, attempt.client_id, serde_json::to_string(attempt)?],
        )?;
        Ok(())
    }

    /// A sign-up attempt by id.
    pub fn sign_up(&self, id: &str) -> FapiResult<Option<SignUpRecord>> {
        self.get_doc("sign_ups", id)
    }

    /// Insert or update a sign-up attempt.
    pub fn put_sign_up(&self, attempt: &SignUpRecord) -> FapiResult<()> {
        self.tx.execute(
            "INSERT INTO sign_ups (id, client_id, data) VALUES (?1, ?2, ?3) ON CONFLICT(id) DO UPDATE SET data = ?3",
            params![attempt.id, attempt.client_id, serde_json::to_string(attempt)?],
        )?;
        Ok(())
    }

    // ---- organizations ----

    /// An organization by id.
    pub(crate) fn organization(&self, id: &str) -> FapiResult<Option<OrganizationRecord>> {
        self.get_doc("organizations", id)
    }

    /// An organization by slug.
    pub(crate) fn organization_by_slug(
        &self,
        slug: &str,
    ) -> FapiResult<Option<OrganizationRecord>> {
        let data: Option<String> = self
            .tx
            .query_row(
                "SELECT data FROM organizations WHERE slug = ?1",
                params![slug],
                |r| r.get(0),
            )
            .optional()?;
        data.as_deref().map(decode).transpose()
    }

    /// Insert or update an organization.
    pub(crate) fn put_organization(&self, org: &OrganizationRecord) -> FapiResult<()> {
        self.tx.execute(
            "INSERT INTO organizations (id, slug, data) VALUES (?1, ?2, ?3) ON CONFLICT(id) DO UPDATE SET slug = ?2, data = ?3",
            params![org.id, org.slug, serde_json::to_string(org)?],
        )?;
        Ok(())
    }

    /// Delete an organization with its memberships, invitations and logo.
    pub(crate) fn delete_organization(&self, id: &str) -> FapiResult<()> {
        self.tx
            .execute("DELETE FROM organizations WHERE id = ?1", params![id])?;
        Ok(())
    }

    /// The membership of a user in an organization.
    pub(crate) fn membership(
        &self,
        organization_id: &str,
        user_id: &str,
    ) -> FapiResult<Option<MembershipRecord>> {
        let data: Option<String> = self
            .tx
            .query_row(
                "SELECT data FROM organization_memberships WHERE organization_id = ?1 AND user_id = ?2",
                params![organization_id, user_id],
                |r| r.get(0),
            )
            .optional()?;
        data.as_deref().map(decode).transpose()
    }

    /// All memberships of an organization, oldest first.
    pub(crate) fn memberships_of_organization(
        &self,
        organization_id: &str,
    ) -> FapiResult<Vec<MembershipRecord>> {
        self.list_docs(
            "organization_memberships",
            "organization_id",
            organization_id,
        )
    }

    /// All memberships of a user, oldest first.
    pub(crate) fn memberships_of_user(&self, user_id: &str) -> FapiResult<Vec<MembershipRecord>> {
        self.list_docs("organization_memberships", "user_id", user_id)
    }

    /// Insert or update a membership.
    pub(crate) fn put_membership(&self, m: &MembershipRecord) -> FapiResult<()> {
        self.tx.execute(
            "INSERT INTO organization_memberships (id, organization_id, user_id, data) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(id) DO UPDATE SET data = ?4",
            params![m.id, m.organization_id, m.user_id, serde_json::to_string(m)?],
        )?;
        Ok(())
    }

    /// Delete a membership.
    pub(crate) fn delete_membership(&self, id: &str) -> FapiResult<()> {
        self.tx.execute(
            "DELETE FROM organization_memberships WHERE id = ?1",
            params![id],
        )?;
        Ok(())
    }

    /// An invitation by id.
    pub(crate) fn invitation(&self, id: &str) -> FapiResult<Option<InvitationRecord>> {
        self.get_doc("organization_invitations", id)
    }

    /// An invitation by its ticket.
    pub(crate) fn invitation_by_ticket(
        &self,
        ticket: &str,
    ) -> FapiResult<Option<InvitationRecord>> {
        let data: Option<String> = self
            .tx
            .query_row(
                "SELECT data FROM organization_invitations WHERE ticket = ?1",
                params![ticket],
                |r| r.get(0),
            )
            .optional()?;
        data.as_deref().map(decode).transpose()
    }

    /// The invitations of an organization, oldest first.
    pub(crate) fn invitations_of_organization(
        &self,
        organization_id: &str,
    ) -> FapiResult<Vec<InvitationRecord>> {
        self.list_docs(
            "organization_invitations",
            "organization_id",
            organization_id,
        )
    }

    /// The invitations sent to an email address, oldest first.
    pub(crate) fn invitations_to(&self, email: &str) -> FapiResult<Vec<InvitationRecord>> {
        self.list_docs("organization_invitations", "email_address", email)
    }

    /// Insert or update an invitation.
    pub(crate) fn put_invitation(&self, inv: &InvitationRecord) -> FapiResult<()> {
        self.tx.execute(
            "INSERT INTO organization_invitations (id, organization_id, email_address, ticket, data) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(id) DO UPDATE SET data = ?5",
            params![inv.id, inv.organization_id, inv.email_address, inv.ticket, serde_json::to_string(inv)?],
        )?;
        Ok(())
    }

    /// Store an organization's logo.
    pub(crate) fn put_logo(
        &self,
        organization_id: &str,
        content_type: &str,
        bytes: &[u8],
        now: i64,
    ) -> FapiResult<()> {
        self.tx.execute(
            "INSERT INTO organization_logos (organization_id, content_type, bytes, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(organization_id) DO UPDATE SET content_type = ?2, bytes = ?3, updated_at = ?4",
            params![organization_id, content_type, bytes, now],
        )?;
        Ok(())
    }

    /// Store a user's profile image.
    pub(crate) fn put_user_image(
        &self,
        user_id: &str,
        content_type: &str,
        bytes: &[u8],
        now: i64,
    ) -> FapiResult<()> {
        self.tx.execute(
            "INSERT INTO user_images (user_id, content_type, bytes, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(user_id) DO UPDATE SET content_type = ?2, bytes = ?3, updated_at = ?4",
            params![user_id, content_type, bytes, now],
        )?;
        Ok(())
    }

    /// Remove a user's profile image.
    pub(crate) fn delete_user_image(&self, user_id: &str) -> FapiResult<()> {
        self.tx.execute(
            "DELETE FROM user_images WHERE user_id = ?1",
            params![user_id],
        )?;
        Ok(())
    }

    /// A user's profile image: content type and bytes.
    pub(crate) fn user_image(&self, user_id: &str) -> FapiResult<Option<(String, Vec<u8>)>> {
        Ok(self
            .tx
            .query_row(
                "SELECT content_type, bytes FROM user_images WHERE user_id = ?1",
                params![user_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Remove an organization's logo.
    pub(crate) fn delete_logo(&self, organization_id: &str) -> FapiResult<()> {
        self.tx.execute(
            "DELETE FROM organization_logos WHERE organization_id = ?1",
            params![organization_id],
        )?;
        Ok(())
    }

    /// An organization's logo: content type and bytes.
    pub(crate) fn logo(&self, organization_id: &str) -> FapiResult<Option<(String, Vec<u8>)>> {
        Ok(self
            .tx
            .query_row(
                "SELECT content_type, bytes FROM organization_logos WHERE organization_id = ?1",
                params![organization_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    // ---- outbox ----

    /// Record a message in the dev outbox.
    pub fn push_outbox(&self, message: &OutboxMessage) -> FapiResult<()> {
        self.tx.execute(
            "INSERT INTO outbox (id, channel, recipient, subject, body, code, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![message.id, message.channel, message.to, message.subject, message.body, message.code, message.created_at],
        )?;
        Ok(())
    }

    /// Every message of the dev outbox, oldest first.
    pub fn outbox(&self) -> FapiResult<Vec<OutboxMessage>> {
        let mut stmt = self.tx.prepare("SELECT id, channel, recipient, subject, body, code, created_at FROM outbox ORDER BY created_at, rowid")?;
        let rows = stmt.query_map([], |r| {
            Ok(OutboxMessage {
                id: r.get(0)?,
                channel: r.get(1)?,
                to: r.get(2)?,
                subject: r.get(3)?,
                body: r.get(4)?,
                code: r.get(5)?,
                created_at: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
