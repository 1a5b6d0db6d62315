-- Invitation token hashes that no longer open their invitation. Withdrawing
-- an invitation, resending it or inviting the same email again moves the
-- current hash here. The same transaction overwrites
-- invitation_tokens.token_hash, with the new link's hash or, on withdrawal,
-- with a value that no token hashes to. A concurrent accept waits for that
-- row lock and then no longer matches the old hash. The reason tells an old
-- link apart from an unknown one:
--   withdrawn: the physician withdrew the invitation, which is closed for good
--   replaced:  a newer link for the same invitation was sent
CREATE TABLE retired_invitation_tokens (
    token_hash    VARCHAR(255) NOT NULL,
    invitation_id UUID         NOT NULL,
    reason        VARCHAR(20)  NOT NULL,
    retired_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT retired_invitation_tokens_pkey PRIMARY KEY (token_hash),
    CONSTRAINT retired_invitation_tokens_invitation_id_fkey
        FOREIGN KEY (invitation_id) REFERENCES invitation_tokens (invitation_id) ON DELETE CASCADE,
    CONSTRAINT retired_invitation_tokens_reason_check CHECK (reason IN ('withdrawn', 'replaced'))
);

CREATE INDEX retired_invitation_tokens_invitation_id_reason_idx
    ON retired_invitation_tokens (invitation_id, reason);

-- The physician a delegate session acts for, chosen per session. Session
-- validation reads it in the same query as the session, through a LEFT JOIN
-- on the linkage, so a deactivated linkage stops granting on the next request.
CREATE TABLE session_contexts (
    session_id UUID        NOT NULL,
    linkage_id UUID        NOT NULL,
    chosen_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT session_contexts_pkey PRIMARY KEY (session_id),
    CONSTRAINT session_contexts_session_id_fkey
        FOREIGN KEY (session_id) REFERENCES sessions (session_id) ON DELETE CASCADE,
    CONSTRAINT session_contexts_linkage_id_fkey
        FOREIGN KEY (linkage_id) REFERENCES delegate_linkages (linkage_id) ON DELETE CASCADE
);

CREATE INDEX session_contexts_linkage_id_idx ON session_contexts (linkage_id);
