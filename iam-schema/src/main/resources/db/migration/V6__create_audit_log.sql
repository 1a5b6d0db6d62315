-- Append-only audit trail, kept for seven years. user_id is NULL when the
-- event concerns an email that matches no account.
CREATE TABLE audit_log (
    log_id        UUID        NOT NULL DEFAULT gen_random_uuid(),
    user_id       UUID        NULL,
    action        VARCHAR(50) NOT NULL,
    category      VARCHAR(20) NOT NULL,
    resource_type VARCHAR(50) NULL,
    resource_id   UUID        NULL,
    detail        JSONB       NULL,
    ip_address    VARCHAR(45) NULL,
    user_agent    TEXT        NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT audit_log_pkey PRIMARY KEY (log_id),
    CONSTRAINT audit_log_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (user_id)
);

CREATE INDEX audit_log_user_id_created_at_idx ON audit_log (user_id, created_at);
CREATE INDEX audit_log_action_created_at_idx ON audit_log (action, created_at);
CREATE INDEX audit_log_resource_type_resource_id_created_at_idx
    ON audit_log (resource_type, resource_id, created_at);

-- The database itself rejects changes to existing rows, whatever role the
-- application connects with. Row triggers cover UPDATE and DELETE; TRUNCATE
-- bypasses row triggers, so it gets a statement trigger of its own.
CREATE FUNCTION audit_log_reject_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_reject_update_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change();

CREATE TRIGGER audit_log_reject_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change();
