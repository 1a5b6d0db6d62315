package org.billing.iam.core.reset;

import static org.billing.iam.schema.jooq.Tables.PASSWORD_RESET_TOKENS;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.crypto.Sha256;
import org.jooq.DSLContext;

/**
 * Single-use tokens that let the holder of an emailed link set an account's password: the
 * one-hour reset link and the longer-lived enrolment link of a new administrator. The token
 * is 64 hex characters from a CSPRNG, and {@code password_reset_tokens} stores only its SHA-256.
 */
public final class ResetTokens {

    private static final Pattern TOKEN_FORMAT = Pattern.compile("[0-9a-f]{64}");

    private final Clock clock;
    private final SecureTokens tokens;

    public ResetTokens(Clock clock, SecureTokens tokens) {
        this.clock = clock;
        this.tokens = tokens;
    }

    /** Stores a new token for the user inside the caller's transaction and returns its plaintext. */
    public String issue(DSLContext transaction, UUID userId, Duration lifetime) {
        String token = tokens.hexToken();
        OffsetDateTime now = Timestamps.now(clock);
        transaction.insertInto(PASSWORD_RESET_TOKENS)
                .set(PASSWORD_RESET_TOKENS.USER_ID, userId)
                .set(PASSWORD_RESET_TOKENS.TOKEN_HASH, Sha256.hex(token))
                .set(PASSWORD_RESET_TOKENS.EXPIRES_AT, now.plus(lifetime))
                .set(PASSWORD_RESET_TOKENS.CREATED_AT, now)
                .execute();
        return token;
    }

    /**
     * Marks an unused, unexpired token used and returns its user, or empty for a malformed,
     * unknown, used or expired token. The check and the write are one guarded UPDATE, so of
     * concurrent requests with one token exactly one gets the user.
     */
    public Optional<UUID> consume(DSLContext transaction, String token) {
        if (!isWellFormed(token)) {
            return Optional.empty();
        }
        return transaction.update(PASSWORD_RESET_TOKENS)
                .set(PASSWORD_RESET_TOKENS.USED, true)
                .where(PASSWORD_RESET_TOKENS.TOKEN_HASH.eq(Sha256.hex(token)))
                .and(PASSWORD_RESET_TOKENS.USED.isFalse())
                .and(PASSWORD_RESET_TOKENS.EXPIRES_AT.gt(Timestamps.now(clock)))
                .returning(PASSWORD_RESET_TOKENS.USER_ID)
                .fetchOptional(PASSWORD_RESET_TOKENS.USER_ID);
    }

    /** Marks every unused token of the user used and returns how many it marked. */
    public int invalidateAll(DSLContext transaction, UUID userId) {
        return transaction.update(PASSWORD_RESET_TOKENS)
                .set(PASSWORD_RESET_TOKENS.USED, true)
                .where(PASSWORD_RESET_TOKENS.USER_ID.eq(userId))
                .and(PASSWORD_RESET_TOKENS.USED.isFalse())
                .execute();
    }

    /** Returns whether a string has the shape of a token, so a malformed one costs no database work. */
    public static boolean isWellFormed(String token) {
        return token != null && TOKEN_FORMAT.matcher(token).matches();
    }
}
