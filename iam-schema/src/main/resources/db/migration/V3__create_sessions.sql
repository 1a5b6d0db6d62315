-- Opaque server-side sessions. token_hash is the lower-case hex SHA-256 of
-- the token string in the cookie; the token itself is never stored.
CREATE TABLE sessions (
    session_id     UUID         NOT NULL DEFAULT gen_random_uuid(),
    user_id        UUID         NOT NULL,
    token_hash     VARCHAR(255) NOT NULL,
    ip_address     VARCHAR(45)  NOT NULL,
    user_agent     TEXT         NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_active_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    revoked        BOOLEAN      NOT NULL DEFAULT false,
    revoked_reason VARCHAR(30)  NULL,
    CONSTRAINT sessions_pkey PRIMARY KEY (session_id),
    CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (user_id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX sessions_token_hash_idx ON sessions (token_hash);
CREATE INDEX sessions_user_id_revoked_idx ON sessions (user_id, revoked);
CREATE INDEX sessions_last_active_at_idx ON sessions (last_active_at);
