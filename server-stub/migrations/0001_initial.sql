-- Tessera server storage. Key columns are real columns (indexed, unique); the rest of each record
-- is a JSON document in `data`, read and written whole by the server inside one transaction.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE signing_keys (
    kid        TEXT PRIMARY KEY,
    pkcs8      BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER
);

CREATE TABLE dev_browsers (
    token      TEXT PRIMARY KEY,
    client_id  TEXT,
    created_at INTEGER NOT NULL
);

CREATE TABLE clients (
    id           TEXT PRIMARY KEY,
    cookie_token TEXT NOT NULL UNIQUE,
    data         TEXT NOT NULL
);

CREATE TABLE users (
    id   TEXT PRIMARY KEY,
    data TEXT NOT NULL
);

CREATE TABLE identifications (
    id      TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    value   TEXT NOT NULL,
    data    TEXT NOT NULL
);
CREATE UNIQUE INDEX identifications_kind_value ON identifications (kind, value);
CREATE INDEX identifications_user ON identifications (user_id);

CREATE TABLE sessions (
    id        TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    data      TEXT NOT NULL
);
CREATE INDEX sessions_client ON sessions (client_id);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE sign_ins (
    id        TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    data      TEXT NOT NULL
);

CREATE TABLE sign_ups (
    id        TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    data      TEXT NOT NULL
);

CREATE TABLE outbox (
    id         TEXT PRIMARY KEY,
    channel    TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    code       TEXT,
    created_at INTEGER NOT NULL
);
