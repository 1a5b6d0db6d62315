package org.billing.iam.server.config;

import java.util.Optional;

/**
 * The choice of PostgreSQL. Without a JDBC URL the service runs an embedded PostgreSQL in
 * the data directory, and with one it connects to that external server.
 *
 * @param jdbcUrl {@code jdbc:postgresql://...} URL, or null for embedded mode
 * @param user login name, or null to use the URL's or the driver's default
 * @param password password, or null; in embedded mode the superuser password generated into
 *     the data directory, null only while the configuration is being loaded. Never shown by
 *     {@link #toString()}.
 */
public record DatabaseSettings(String jdbcUrl, String user, String password) {

    /** Superuser of the embedded cluster. */
    public static final String EMBEDDED_USER = "postgres";

    /** Returns settings for embedded mode with the superuser password of the embedded cluster. */
    public static DatabaseSettings embedded(String password) {
        return new DatabaseSettings(null, EMBEDDED_USER, password);
    }

    /** Returns whether the service runs its own PostgreSQL. */
    public boolean isEmbedded() {
        return jdbcUrl == null;
    }

    /** Returns the external JDBC URL, empty in embedded mode. */
    public Optional<String> externalUrl() {
        return Optional.ofNullable(jdbcUrl);
    }

    /** Returns a description without the password or the URL, which may embed credentials. */
    @Override
    public String toString() {
        return isEmbedded() ? "DatabaseSettings[embedded]" : "DatabaseSettings[external, user=" + user + "]";
    }
}
