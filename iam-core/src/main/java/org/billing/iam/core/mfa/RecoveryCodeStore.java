package org.billing.iam.core.mfa;

import static org.billing.iam.schema.jooq.Tables.RECOVERY_CODES;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.crypto.PasswordHasher;
import org.billing.iam.core.crypto.RecoveryCodes;
import org.billing.iam.schema.jooq.tables.records.RecoveryCodesRecord;
import org.jooq.DSLContext;

/** Recovery codes at rest: Argon2id hashes of the normalised codes, each usable once. */
public final class RecoveryCodeStore {

    /** Unused-code count at or below which the user should regenerate the codes. */
    public static final int LOW_CODE_THRESHOLD = 3;

    private final DSLContext db;
    private final Clock clock;
    private final PasswordHasher hasher;
    private final RecoveryCodes generator;

    public RecoveryCodeStore(DSLContext db, Clock clock, PasswordHasher hasher, RecoveryCodes generator) {
        this.db = db;
        this.clock = clock;
        this.hasher = hasher;
        this.generator = generator;
    }

    /**
     * Generates a fresh set of codes and hashes them. Hashing happens here, before any
     * transaction, so no connection is held during ten Argon2 runs.
     */
    public IssuedCodes issue() {
        List<String> codes = generator.generate();
        List<String> hashes = codes.stream()
                .map(code -> hasher.hash(RecoveryCodes.normalise(code).orElseThrow()))
                .toList();
        return new IssuedCodes(codes, hashes);
    }

    /**
     * Deletes the user's unused codes and stores the new hashes, inside the caller's
     * transaction. Used codes stay as a record of past recovery logins.
     */
    public void replace(DSLContext transaction, UUID userId, IssuedCodes issued) {
        OffsetDateTime now = Timestamps.now(clock);
        transaction.deleteFrom(RECOVERY_CODES)
                .where(RECOVERY_CODES.USER_ID.eq(userId))
                .and(RECOVERY_CODES.USED.isFalse())
                .execute();
        var insert = transaction.insertInto(RECOVERY_CODES,
                RECOVERY_CODES.USER_ID, RECOVERY_CODES.CODE_HASH, RECOVERY_CODES.CREATED_AT);
        for (String hash : issued.hashes()) {
            insert = insert.values(userId, hash, now);
        }
        insert.execute();
    }

    /** Returns the id of the user's unused code that matches a normalised code, or empty. */
    public Optional<UUID> findUnused(UUID userId, String normalisedCode) {
        List<RecoveryCodesRecord> unused = db.selectFrom(RECOVERY_CODES)
                .where(RECOVERY_CODES.USER_ID.eq(userId))
                .and(RECOVERY_CODES.USED.isFalse())
                .fetch();
        for (RecoveryCodesRecord candidate : unused) {
            if (hasher.verify(candidate.getCodeHash(), normalisedCode)) {
                return Optional.of(candidate.getCodeId());
            }
        }
        return Optional.empty();
    }

    /** Marks a code used and returns true only for the one request that changed it from unused. */
    public boolean markUsed(UUID codeId) {
        return db.update(RECOVERY_CODES)
                .set(RECOVERY_CODES.USED, true)
                .where(RECOVERY_CODES.CODE_ID.eq(codeId))
                .and(RECOVERY_CODES.USED.isFalse())
                .execute() == 1;
    }

    /** Returns whether this many unused codes is few enough that the user should regenerate. */
    public static boolean isLow(int unusedCodes) {
        return unusedCodes <= LOW_CODE_THRESHOLD;
    }

    /** Returns how many unused codes the user has left. */
    public int countUnused(UUID userId) {
        return db.fetchCount(RECOVERY_CODES,
                RECOVERY_CODES.USER_ID.eq(userId).and(RECOVERY_CODES.USED.isFalse()));
    }

    /**
     * Codes to show once, with the hashes to store.
     *
     * @param codes display form, {@code XXXX-XXXX}
     * @param hashes Argon2id PHC strings of the normalised codes, in the same order
     */
    public record IssuedCodes(List<String> codes, List<String> hashes) {

        public IssuedCodes {
            codes = List.copyOf(codes);
            hashes = List.copyOf(hashes);
        }

        /** Returns a description without the codes. */
        @Override
        public String toString() {
            return "IssuedCodes[count=" + codes.size() + "]";
        }
    }
}
