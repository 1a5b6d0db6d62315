package org.billing.iam.core.session;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A session just created. The token exists only here and in the client's cookie; the
 * database keeps its SHA-256.
 *
 * @param sessionId id of the stored session
 * @param userId the session's owner
 * @param token 64 lower-case hex characters for the {@code session} cookie
 * @param expiresAt the absolute expiry; idle expiry may end the session earlier
 */
public record NewSession(UUID sessionId, UUID userId, String token, OffsetDateTime expiresAt) {

    /** Returns a description without the token. */
    @Override
    public String toString() {
        return "NewSession[sessionId=" + sessionId + ", userId=" + userId + ", expiresAt=" + expiresAt + "]";
    }
}
