package org.billing.iam.server.api;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.permission.AccessLevel;
import org.billing.iam.core.permission.Permission;
import org.billing.iam.core.permission.RequestKind;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionGate;

/**
 * Writes the body of {@code GET /api/v1/auth/context} directly into one string builder,
 * without the object mapper, because other services call that route on every request. Every
 * value is a UUID, an enum constant name or null, so no character needs JSON escaping.
 * Permissions appear in the declaration order of {@link Permission}, and the array of each
 * role's own permission set is rendered once, when the class loads. So is the array of
 * {@link RequestKind}s that {@link SubscriptionGate} allows for each role and access level,
 * reported as {@code allowed_request_kinds} so other services gate requests the same way.
 */
final class AuthContextJson {

    private static final Map<Role, String> ROLE_PERMISSIONS = rolePermissions();
    private static final Map<Role, Map<AccessLevel, String>> ALLOWED_KINDS = allowedKinds();

    /** Enough for the longest body, a physician's 24 permission keys, without growing the builder. */
    private static final int INITIAL_CAPACITY = 896;

    private AuthContextJson() {
    }

    /** Returns {@code {"data": {...}}} with the context's fields in snake_case. */
    static String write(AuthContext context) {
        StringBuilder json = new StringBuilder(INITIAL_CAPACITY);
        json.append("{\"data\":{\"user_id\":");
        appendUuid(json, context.userId());
        json.append(",\"role\":\"").append(context.role().name());
        json.append("\",\"subscription_status\":\"").append(context.subscriptionStatus().name());
        json.append("\",\"access_level\":\"").append(context.accessLevel().name());
        String allowedKinds = ALLOWED_KINDS.get(context.role()).get(context.accessLevel());
        json.append("\",\"allowed_request_kinds\":").append(allowedKinds);
        json.append(",\"session_id\":");
        appendUuid(json, context.sessionId());
        json.append(",\"permissions\":").append(permissions(context));
        json.append(",\"acting_for_physician_id\":");
        appendUuid(json, context.actingForPhysicianId());
        json.append(",\"linkage_id\":");
        appendUuid(json, context.linkageId());
        return json.append("}}").toString();
    }

    private static String permissions(AuthContext context) {
        String ofRole = ROLE_PERMISSIONS.get(context.role());
        // A delegate acting for a physician carries its linkage's set, not its role's.
        return context.permissions().equals(context.role().permissions()) ? ofRole : array(context.permissions());
    }

    private static void appendUuid(StringBuilder json, UUID value) {
        if (value == null) {
            json.append("null");
        } else {
            json.append('"').append(value).append('"');
        }
    }

    private static Map<Role, String> rolePermissions() {
        Map<Role, String> arrays = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            arrays.put(role, array(role.permissions()));
        }
        return arrays;
    }

    private static Map<Role, Map<AccessLevel, String>> allowedKinds() {
        Map<Role, Map<AccessLevel, String>> arrays = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            Map<AccessLevel, String> byLevel = new EnumMap<>(AccessLevel.class);
            for (AccessLevel level : AccessLevel.values()) {
                StringBuilder json = new StringBuilder("[");
                for (RequestKind kind : RequestKind.values()) {
                    if (SubscriptionGate.allows(role, level, kind)) {
                        json.append(json.length() == 1 ? "\"" : ",\"").append(kind.name()).append('"');
                    }
                }
                byLevel.put(level, json.append(']').toString());
            }
            arrays.put(role, byLevel);
        }
        return arrays;
    }

    private static String array(Set<Permission> permissions) {
        StringBuilder json = new StringBuilder("[");
        for (Permission permission : Permission.values()) {
            if (permissions.contains(permission)) {
                json.append(json.length() == 1 ? "\"" : ",\"").append(permission.name()).append('"');
            }
        }
        return json.append(']').toString();
    }
}
