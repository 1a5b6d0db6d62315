-- One row per physician and delegate pair. Removal sets is_active to false.
CREATE TABLE delegate_linkages (
    linkage_id          UUID        NOT NULL DEFAULT gen_random_uuid(),
    physician_user_id   UUID        NOT NULL,
    delegate_user_id    UUID        NOT NULL,
    permissions         JSONB       NOT NULL,
    can_approve_batches BOOLEAN     NOT NULL DEFAULT false,
    is_active           BOOLEAN     NOT NULL DEFAULT true,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT delegate_linkages_pkey PRIMARY KEY (linkage_id),
    CONSTRAINT delegate_linkages_physician_user_id_fkey
        FOREIGN KEY (physician_user_id) REFERENCES users (user_id) ON DELETE CASCADE,
    CONSTRAINT delegate_linkages_delegate_user_id_fkey
        FOREIGN KEY (delegate_user_id) REFERENCES users (user_id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX delegate_linkages_physician_delegate_idx
    ON delegate_linkages (physician_user_id, delegate_user_id);
CREATE INDEX delegate_linkages_delegate_user_id_is_active_idx
    ON delegate_linkages (delegate_user_id, is_active);
