package org.billing.iam.core.session;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One active session as shown to its owner.
 *
 * @param sessionId the session
 * @param ipAddress client IP when the session was created
 * @param userAgent client User-Agent when the session was created
 * @param createdAt creation time
 * @param lastActiveAt last recorded activity, exact to within a minute
 * @param current whether this is the session making the request
 */
public record SessionInfo(
        UUID sessionId,
        String ipAddress,
        String userAgent,
        OffsetDateTime createdAt,
        OffsetDateTime lastActiveAt,
        boolean current) {
}
