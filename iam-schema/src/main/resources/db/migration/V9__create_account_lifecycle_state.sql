-- Accounts whose owner asked for deletion. The account is deactivated when
-- the row is written; its data is due for removal at scheduled_for.
CREATE TABLE account_deletions (
    user_id       UUID        NOT NULL,
    requested_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    scheduled_for TIMESTAMPTZ NOT NULL,
    CONSTRAINT account_deletions_pkey PRIMARY KEY (user_id),
    CONSTRAINT account_deletions_user_id_fkey
        FOREIGN KEY (user_id) REFERENCES users (user_id) ON DELETE CASCADE
);

CREATE INDEX account_deletions_scheduled_for_idx ON account_deletions (scheduled_for);

-- Fixed-window request counters, one row per key, shared by every server
-- node. counter_key is the lower-case hex SHA-256 of the caller's key, so
-- the table stores no email or IP address.
CREATE TABLE rate_limit_counters (
    counter_key   VARCHAR(64) NOT NULL,
    window_start  TIMESTAMPTZ NOT NULL,
    window_end    TIMESTAMPTZ NOT NULL,
    request_count INTEGER     NOT NULL,
    CONSTRAINT rate_limit_counters_pkey PRIMARY KEY (counter_key)
);

CREATE INDEX rate_limit_counters_window_end_idx ON rate_limit_counters (window_end);
