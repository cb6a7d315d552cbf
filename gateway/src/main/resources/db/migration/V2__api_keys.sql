-- API keys issued with `cardeck keys create`. Only each key's SHA-256 (hex) is kept, with its first
-- characters to tell keys apart in lists; the key itself is shown once, to whoever created it.
-- A revoked key stays listed, and its name can be given to a new key.
CREATE TABLE api_keys (
    id            UUID        PRIMARY KEY,
    name          TEXT        NOT NULL,
    role          TEXT        NOT NULL CHECK (role IN ('admin', 'predict', 'read')),
    key_hash      TEXT        NOT NULL UNIQUE,
    shown_prefix  TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    revoked_at    TIMESTAMPTZ
);
CREATE UNIQUE INDEX api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL;
