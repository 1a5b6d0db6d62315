package org.billing.iam.core;

/**
 * Origin of a request, as stored on sessions and audit entries.
 *
 * @param ipAddress client IP in canonical text form, at most 45 characters
 * @param userAgent the User-Agent header, possibly empty, never null
 */
public record RequestMetadata(String ipAddress, String userAgent) {

    /** Maximum user agent length kept. Longer values are cut, so a huge header cannot bloat rows. */
    public static final int MAX_USER_AGENT = 512;

    public RequestMetadata {
        ipAddress = ipAddress == null || ipAddress.isEmpty() ? "unknown" : ipAddress;
        if (ipAddress.length() > 45) {
            throw new IllegalArgumentException("IP address longer than 45 characters");
        }
        userAgent = userAgent == null ? "" : userAgent;
        if (userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
    }
}
