-- A TOTP secret waiting for its first code. It replaces the active secret in
-- users only when confirmed, so abandoning enrolment never locks anyone out.
CREATE TABLE pending_totp_secrets (
    user_id               UUID        NOT NULL,
    totp_secret_encrypted TEXT        NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT pending_totp_secrets_pkey PRIMARY KEY (user_id),
    CONSTRAINT pending_totp_secrets_user_id_fkey
        FOREIGN KEY (user_id) REFERENCES users (user_id) ON DELETE CASCADE
);

-- The newest TOTP time step accepted per user. A code is accepted only when
-- its step is later than this one, which rejects replays (RFC 6238 section 5.2).
CREATE TABLE totp_last_used_steps (
    user_id        UUID   NOT NULL,
    last_used_step BIGINT NOT NULL,
    CONSTRAINT totp_last_used_steps_pkey PRIMARY KEY (user_id),
    CONSTRAINT totp_last_used_steps_user_id_fkey
        FOREIGN KEY (user_id) REFERENCES users (user_id) ON DELETE CASCADE
);
