package org.billing.iam.core.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.billing.iam.core.RequestMetadata;

/**
 * One audit entry before it is written.
 *
 * @param action what happened
 * @param userId the account concerned, or null when none matches (an unknown email)
 * @param resourceType kind of the affected object, such as {@code session}, or null
 * @param resourceId id of the affected object, or null
 * @param detail extra facts; sensitive keys are redacted when written
 * @param request where the request came from, or null for a background job
 */
public record AuditEvent(
        AuditAction action,
        UUID userId,
        String resourceType,
        UUID resourceId,
        Map<String, Object> detail,
        RequestMetadata request) {

    public AuditEvent {
        Objects.requireNonNull(action, "action");
        detail = detail == null ? Map.of() : new LinkedHashMap<>(detail);
    }

    /** Starts an event for a user, who may be null. */
    public static AuditEvent of(AuditAction action, UUID userId, RequestMetadata request) {
        return new AuditEvent(action, userId, null, null, Map.of(), request);
    }

    /** Returns a copy that names the affected object. */
    public AuditEvent resource(String type, UUID id) {
        return new AuditEvent(action, userId, type, id, detail, request);
    }

    /** Returns a copy with one more detail entry; a null value is stored as JSON null. */
    public AuditEvent with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(detail);
        more.put(key, value);
        return new AuditEvent(action, userId, resourceType, resourceId, more, request);
    }
}
