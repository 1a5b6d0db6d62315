-- Delegate invitations. Only the SHA-256 hex of the invitation token is kept.
CREATE TABLE invitation_tokens (
    invitation_id     UUID         NOT NULL DEFAULT gen_random_uuid(),
    physician_user_id UUID         NOT NULL,
    delegate_email    VARCHAR(255) NOT NULL,
    token_hash        VARCHAR(255) NOT NULL,
    permissions       JSONB        NOT NULL,
    expires_at        TIMESTAMPTZ  NOT NULL,
    accepted          BOOLEAN      NOT NULL DEFAULT false,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT invitation_tokens_pkey PRIMARY KEY (invitation_id),
    CONSTRAINT invitation_tokens_physician_user_id_fkey
        FOREIGN KEY (physician_user_id) REFERENCES users (user_id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX invitation_tokens_token_hash_idx ON invitation_tokens (token_hash);
CREATE INDEX invitation_tokens_physician_accepted_idx ON invitation_tokens (physician_user_id, accepted);
