-- Accounts, browser sessions, API tokens and the audit log. Portable SQL (SQLite and PostgreSQL).

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    -- Normalized (trimmed, lower-case); one account per address.
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    -- PHC string (argon2id); never the password.
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('shopper', 'seller', 'operator', 'partner')),
    -- The shop a seller account owns.
    seller_id     TEXT UNIQUE REFERENCES sellers (id),
    created_at_ms BIGINT NOT NULL
);

-- tower-sessions records, serialized as JSON.
CREATE TABLE sessions (
    id            TEXT PRIMARY KEY,
    data          TEXT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at_ms);

CREATE TABLE api_tokens (
    id              TEXT PRIMARY KEY,
    owner_id        TEXT NOT NULL REFERENCES users (id),
    name            TEXT NOT NULL,
    -- SHA-256 of the secret, hex. Secrets are 190 random bits, so a fast hash is enough.
    secret_sha256   TEXT NOT NULL UNIQUE,
    -- The secret's first characters, shown in lists.
    prefix          TEXT NOT NULL,
    -- Space-separated scopes, e.g. "orders:read shipments:write".
    scopes          TEXT NOT NULL,
    created_at_ms   BIGINT NOT NULL,
    last_used_at_ms BIGINT,
    revoked_at_ms   BIGINT
);
CREATE INDEX api_tokens_by_owner ON api_tokens (owner_id);

CREATE TABLE audit_log (
    id       TEXT PRIMARY KEY,
    at_ms    BIGINT NOT NULL,
    -- The account that acted; NULL for anonymous attempts (a failed sign-in).
    actor_id TEXT REFERENCES users (id),
    action   TEXT NOT NULL,
    subject  TEXT,
    ip       TEXT
);
CREATE INDEX audit_log_newest ON audit_log (at_ms DESC, id DESC);
