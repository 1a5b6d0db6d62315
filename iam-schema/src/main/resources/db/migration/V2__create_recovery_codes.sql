-- Single-use MFA recovery codes, stored only as Argon2id PHC strings of the
-- normalised code.
CREATE TABLE recovery_codes (
    code_id    UUID         NOT NULL DEFAULT gen_random_uuid(),
    user_id    UUID         NOT NULL,
    code_hash  VARCHAR(255) NOT NULL,
    used       BOOLEAN      NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT recovery_codes_pkey PRIMARY KEY (code_id),
    CONSTRAINT recovery_codes_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (user_id) ON DELETE CASCADE
);

CREATE INDEX recovery_codes_user_id_used_idx ON recovery_codes (user_id, used);
