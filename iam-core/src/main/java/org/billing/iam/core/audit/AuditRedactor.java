package org.billing.iam.core.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Replaces the values of sensitive keys in audit details, at any depth, with
 * {@value #REDACTED}. Keys are matched case-insensitively: the listed names, and any key
 * that contains {@code password}, {@code secret} or {@code token}, or ends with
 * {@code _hash} or {@code _code}. Over-redaction is accepted, so a key such as
 * {@code error_code} loses its value too.
 */
public final class AuditRedactor {

    /** Text stored in place of a redacted value. */
    public static final String REDACTED = "[REDACTED]";

    private static final Set<String> SENSITIVE_KEYS = Set.of(
            "password", "token", "token_hash", "totp_secret", "recovery_code", "code_hash",
            "secret", "mfa_session_token", "code", "hash", "totp_code");
    private static final List<String> SENSITIVE_PARTS = List.of("password", "secret", "token");
    private static final List<String> SENSITIVE_SUFFIXES = List.of("_hash", "_code");

    private AuditRedactor() {
    }

    /** Returns a copy of the detail map with every sensitive value replaced. */
    public static Map<String, Object> redact(Map<String, ?> detail) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : detail.entrySet()) {
            String key = String.valueOf(entry.getKey());
            copy.put(key, isSensitive(key) ? REDACTED : redactValue(entry.getValue()));
        }
        return copy;
    }

    /** Returns whether values under this key are never stored. */
    public static boolean isSensitive(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (SENSITIVE_KEYS.contains(lower)) {
            return true;
        }
        return SENSITIVE_PARTS.stream().anyMatch(lower::contains)
                || SENSITIVE_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    private static Object redactValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> nested = new LinkedHashMap<>();
            map.forEach((key, inner) -> nested.put(String.valueOf(key), inner));
            return redact(nested);
        }
        if (value instanceof Iterable<?> items) {
            List<Object> redacted = new ArrayList<>();
            items.forEach(item -> redacted.add(redactValue(item)));
            return redacted;
        }
        if (value instanceof Object[] items) {
            return redactValue(List.of(items));
        }
        return value;
    }
}
