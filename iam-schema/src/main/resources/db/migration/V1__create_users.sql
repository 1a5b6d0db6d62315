-- Accounts of every role. Emails are stored lower-cased and trimmed, so the
-- unique index also rejects case variants of an existing address.
CREATE TABLE users (
    user_id               UUID         NOT NULL DEFAULT gen_random_uuid(),
    email                 VARCHAR(255) NOT NULL,
    secondary_email       VARCHAR(100) NULL,
    password_hash         VARCHAR(255) NOT NULL,
    full_name             VARCHAR(200) NOT NULL,
    phone                 VARCHAR(20)  NULL,
    role                  VARCHAR(20)  NOT NULL DEFAULT 'PHYSICIAN',
    email_verified        BOOLEAN      NOT NULL DEFAULT false,
    mfa_configured        BOOLEAN      NOT NULL DEFAULT false,
    totp_secret_encrypted TEXT         NULL,
    subscription_status   VARCHAR(20)  NOT NULL DEFAULT 'TRIAL',
    failed_login_count    INTEGER      NOT NULL DEFAULT 0,
    locked_until          TIMESTAMPTZ  NULL,
    is_active             BOOLEAN      NOT NULL DEFAULT true,
    created_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (user_id)
);

CREATE UNIQUE INDEX users_email_idx ON users (email);
CREATE INDEX users_role_is_active_idx ON users (role, is_active);
CREATE INDEX users_subscription_status_idx ON users (subscription_status);
