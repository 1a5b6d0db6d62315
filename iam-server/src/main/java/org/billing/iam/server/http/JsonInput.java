package org.billing.iam.server.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.billing.iam.core.error.ValidationException;

/**
 * A request body parsed as one JSON object, with typed accessors that reject a missing or
 * mistyped field with a {@link ValidationException} naming it (HTTP 400). Unknown fields are
 * ignored. A JSON {@code null} counts as absent.
 *
 * <p>Strings are checked for length in Unicode code points, the unit of PostgreSQL's
 * {@code VARCHAR(n)}, and may not contain U+0000, which PostgreSQL text columns reject.
 */
public final class JsonInput {

    /** Field name reported when the body as a whole is malformed. */
    public static final String BODY = "body";

    private static final ObjectMapper MAPPER = JsonMapping.objectMapper();

    private final ObjectNode object;

    private JsonInput(ObjectNode object) {
        this.object = object;
    }

    /**
     * Parses the request body. Javalin enforces the server's body size limit while reading,
     * so an oversized body ends as HTTP 413 before parsing starts.
     */
    public static JsonInput parse(Context ctx) {
        return parse(ctx.bodyAsBytes());
    }

    /** Parses a body that was already read. */
    public static JsonInput parse(byte[] body) {
        JsonNode node;
        try {
            node = body.length == 0 ? null : MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new ValidationException(BODY, "The request body is not valid JSON.");
        } catch (java.io.IOException e) {
            throw new ValidationException(BODY, "The request body could not be read.");
        }
        if (!(node instanceof ObjectNode objectNode)) {
            throw new ValidationException(BODY, "The request body must be a JSON object.");
        }
        return new JsonInput(objectNode);
    }

    /** Returns whether the field is present and not null. */
    public boolean has(String field) {
        JsonNode value = object.get(field);
        return value != null && !value.isNull();
    }

    /** Returns whether the field is present, counting a JSON {@code null} as present. */
    public boolean contains(String field) {
        return object.has(field);
    }

    /** Returns a non-empty string of at most {@code maxLength} code points. */
    public String requiredString(String field, int maxLength) {
        return optionalString(field, maxLength)
                .orElseThrow(() -> new ValidationException(field, field + " is required."));
    }

    /** Returns the string if present; an empty string counts as absent. */
    public Optional<String> optionalString(String field, int maxLength) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new ValidationException(field, field + " must be a string.");
        }
        String text = value.textValue();
        checkString(field, text, maxLength);
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** Returns the boolean if present. */
    public Optional<Boolean> optionalBoolean(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw new ValidationException(field, field + " must be true or false.");
        }
        return Optional.of(value.booleanValue());
    }

    /** Returns an array of at most {@code maxItems} strings, each non-empty and at most {@code maxLength} code points. */
    public List<String> requiredStringArray(String field, int maxItems, int maxLength) {
        return optionalStringArray(field, maxItems, maxLength)
                .orElseThrow(() -> new ValidationException(field, field + " is required."));
    }

    /** Returns the string array if present. */
    public Optional<List<String>> optionalStringArray(String field, int maxItems, int maxLength) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw new ValidationException(field, field + " must be an array of strings.");
        }
        if (value.size() > maxItems) {
            throw new ValidationException(field, field + " must have at most " + maxItems + " items.");
        }
        List<String> items = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual() || item.textValue().isEmpty()) {
                throw new ValidationException(field, field + " must contain only non-empty strings.");
            }
            checkString(field, item.textValue(), maxLength);
            items.add(item.textValue());
        }
        return Optional.of(List.copyOf(items));
    }

    private static void checkString(String field, String text, int maxLength) {
        if (text.codePointCount(0, text.length()) > maxLength) {
            throw new ValidationException(field, field + " must be at most " + maxLength + " characters.");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw new ValidationException(field, field + " must not contain the NUL character.");
        }
        if (hasUnpairedSurrogate(text)) {
            // UTF-8 cannot encode such a character: the database driver and the password
            // hasher would each replace it with '?', so different inputs would be stored alike.
            throw new ValidationException(field, field + " must be valid Unicode text (it contains an unpaired"
                    + " UTF-16 surrogate escape such as \\ud800).");
        }
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
