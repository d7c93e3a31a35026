-- Profile images uploaded by users.

CREATE TABLE user_images (
    user_id      TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    bytes        BLOB NOT NULL,
    updated_at   INTEGER NOT NULL
);
