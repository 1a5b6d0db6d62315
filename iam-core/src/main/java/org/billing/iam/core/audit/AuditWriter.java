package org.billing.iam.core.audit;

import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Map;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.Timestamps;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * Appends entries to {@code audit_log}. The table is append-only (the database rejects
 * UPDATE, DELETE and TRUNCATE), so this class only inserts.
 */
public final class AuditWriter {

    private static final TypeReference<Map<String, Object>> PLAIN_MAP = new TypeReference<>() {
    };

    private final DSLContext db;
    private final Clock clock;
    private final ObjectMapper json;

    public AuditWriter(DSLContext db, Clock clock, ObjectMapper json) {
        this.db = db;
        this.clock = clock;
        this.json = json;
    }

    /** Writes one entry with redacted detail, timestamped by the injected clock. */
    public void write(AuditEvent event) {
        write(db, event);
    }

    /** Writes one entry inside the caller's transaction. */
    public void write(DSLContext transaction, AuditEvent event) {
        RequestMetadata request = event.request();
        transaction.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.USER_ID, event.userId())
                .set(AUDIT_LOG.ACTION, event.action().action())
                .set(AUDIT_LOG.CATEGORY, event.action().category())
                .set(AUDIT_LOG.RESOURCE_TYPE, event.resourceType())
                .set(AUDIT_LOG.RESOURCE_ID, event.resourceId())
                .set(AUDIT_LOG.DETAIL, detailJson(event))
                .set(AUDIT_LOG.IP_ADDRESS, request == null ? null : request.ipAddress())
                .set(AUDIT_LOG.USER_AGENT, request == null ? null : request.userAgent())
                .set(AUDIT_LOG.CREATED_AT, Timestamps.now(clock))
                .execute();
    }

    private JSONB detailJson(AuditEvent event) {
        if (event.detail().isEmpty()) {
            return null;
        }
        try {
            // Records and other objects are converted to maps first, so the redactor checks
            // their fields too. Jackson would otherwise write every component, tokens included.
            Map<String, Object> plain = json.convertValue(event.detail(), PLAIN_MAP);
            return JSONB.jsonb(json.writeValueAsString(AuditRedactor.redact(plain)));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // The message names the action only: the detail may hold values worth hiding.
            throw new IllegalArgumentException("Audit detail of " + event.action().action()
                    + " cannot be written as JSON", e);
        }
    }
}
