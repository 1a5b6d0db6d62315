package org.billing.iam.core.permission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The permission set a physician grants a delegate, as validated on input and as stored in
 * the JSONB {@code permissions} arrays of invitations and linkages.
 *
 * <p>{@code BATCH_APPROVE} and the linkage flag {@code can_approve_batches} state the same
 * grant. Input may omit the flag, and then it follows the key; a flag that contradicts the
 * key is rejected. A stored linkage grants {@code BATCH_APPROVE} only when both the key and
 * the flag are present, so a row that another writer left inconsistent grants the lesser.
 */
public final class DelegatePermissions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(DelegatePermissions.class);

    private DelegatePermissions() {
    }

    /**
     * Returns the validated set for these keys.
     *
     * @param keys permission keys as the client sent them
     * @param canApproveBatches the batch-approval flag, or null to follow {@code BATCH_APPROVE}
     * @throws ValidationException for a missing or empty set, unknown keys (all named), or a
     *     flag that contradicts {@code BATCH_APPROVE}
     * @throws BusinessRuleException naming every key a delegate may not hold
     */
    public static Set<Permission> validate(Collection<String> keys, Boolean canApproveBatches) {
        if (keys == null || keys.isEmpty()) {
            throw new ValidationException("permissions", "Choose at least one permission.");
        }
        EnumSet<Permission> permissions = EnumSet.noneOf(Permission.class);
        Set<String> unknown = new TreeSet<>();
        for (String key : keys) {
            Permission.fromKey(key).ifPresentOrElse(permissions::add, () -> unknown.add(String.valueOf(key)));
        }
        if (!unknown.isEmpty()) {
            throw new ValidationException("permissions", "Unknown permission keys: " + String.join(", ", unknown)
                    + ". Use keys such as CLAIM_VIEW.");
        }

        List<String> forbidden = permissions.stream().filter(key -> !key.delegateGrantable()).map(Permission::key)
                .toList();
        if (!forbidden.isEmpty()) {
            throw new BusinessRuleException("A delegate cannot be granted these permissions: "
                    + String.join(", ", forbidden) + ".");
        }

        boolean approvesBatches = permissions.contains(Permission.BATCH_APPROVE);
        if (canApproveBatches != null && canApproveBatches != approvesBatches) {
            throw new ValidationException("can_approve_batches", "can_approve_batches must be true exactly when"
                    + " permissions include BATCH_APPROVE; omit it to follow the permissions.");
        }
        return Set.copyOf(permissions);
    }

    /** Returns whether a validated set grants batch approval, the value of {@code can_approve_batches}. */
    public static boolean approvesBatches(Set<Permission> permissions) {
        return permissions.contains(Permission.BATCH_APPROVE);
    }

    /** Returns the keys of a set in declaration order, as written to audit details. */
    public static List<String> keys(Set<Permission> permissions) {
        return permissions.stream().sorted().map(Permission::key).toList();
    }

    /** Returns the JSON array stored for a set, with keys in declaration order. */
    public static String toJson(Set<Permission> permissions) {
        ArrayNode array = JSON.createArrayNode();
        for (Permission permission : Permission.values()) {
            if (permissions.contains(permission)) {
                array.add(permission.key());
            }
        }
        return array.toString();
    }

    /**
     * Returns the keys of a stored array that a delegate may hold. Unknown keys and keys no
     * delegate may hold are dropped with a warning, so a bad row grants less, never more.
     *
     * @param json the stored JSONB text, or null
     * @param source what the array belongs to, such as a linkage id, for the warning
     */
    public static Set<Permission> fromStored(String json, Object source) {
        EnumSet<Permission> permissions = EnumSet.noneOf(Permission.class);
        List<String> dropped = new ArrayList<>();
        for (String key : storedKeys(json, source)) {
            Permission.fromKey(key).filter(Permission::delegateGrantable)
                    .ifPresentOrElse(permissions::add, () -> dropped.add(key));
        }
        if (!dropped.isEmpty()) {
            LOG.warn("Ignored permission keys {} stored for {}", dropped, source);
        }
        return Set.copyOf(permissions);
    }

    /** Returns the stored keys that a linkage grants, with {@code BATCH_APPROVE} only when its flag is set. */
    public static Set<Permission> fromLinkage(String json, boolean canApproveBatches, Object linkageId) {
        Set<Permission> stored = fromStored(json, linkageId);
        if (canApproveBatches || !stored.contains(Permission.BATCH_APPROVE)) {
            return stored;
        }
        EnumSet<Permission> granted = EnumSet.copyOf(stored);
        granted.remove(Permission.BATCH_APPROVE);
        return Set.copyOf(granted);
    }

    private static List<String> storedKeys(String json, Object source) {
        if (json == null) {
            return List.of();
        }
        try {
            JsonNode array = JSON.readTree(json);
            List<String> keys = new ArrayList<>();
            if (array != null && array.isArray()) {
                array.forEach(node -> keys.add(node.asText()));
            } else {
                LOG.warn("Permissions stored for {} are not a JSON array", source);
            }
            return keys;
        } catch (JsonProcessingException e) {
            LOG.warn("Permissions stored for {} are not valid JSON", source, e);
            return List.of();
        }
    }
}
