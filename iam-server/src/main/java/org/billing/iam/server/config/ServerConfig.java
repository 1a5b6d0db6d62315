package org.billing.iam.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.billing.iam.core.mail.SmtpSettings;
import org.billing.iam.server.api.RateLimitSettings;
import org.billing.iam.server.http.TrustedProxies;

/**
 * Everything the server reads from its environment, validated. {@link ConfigLoader} builds it.
 *
 * @param database embedded or external PostgreSQL
 * @param dataDirectory absolute data directory: embedded database, generated secrets, mail outbox
 * @param httpHost address the HTTP server binds to
 * @param httpPort HTTP port; 0 picks a free port
 * @param publicUrl base URL of links in emails, without a trailing slash
 * @param secrets TOTP encryption key and session secret
 * @param trustedProxies proxies whose {@code X-Forwarded-For} entries are believed
 * @param smtp SMTP server, or empty to write mail to the outbox directory
 * @param mailFrom sender address of every email
 * @param rateLimits request budgets of the API
 * @param cleanupInterval time between runs of the clean-up job in {@code serve}
 */
public record ServerConfig(
        DatabaseSettings database,
        Path dataDirectory,
        String httpHost,
        int httpPort,
        String publicUrl,
        Secrets secrets,
        TrustedProxies trustedProxies,
        Optional<SmtpSettings> smtp,
        String mailFrom,
        RateLimitSettings rateLimits,
        Duration cleanupInterval) {

    /** Returns the directory where embedded PostgreSQL keeps its cluster. */
    public Path postgresDirectory() {
        return dataDirectory.resolve("postgres");
    }

    /** Returns the file of secrets generated for embedded mode. */
    public Path secretsFile() {
        return dataDirectory.resolve(SecretsFile.FILE_NAME);
    }

    /** Returns the directory that receives {@code .eml} files when no SMTP server is configured. */
    public Path outboxDirectory() {
        return dataDirectory.resolve("outbox");
    }

    /** Returns the absolute URL of {@code pathAndQuery}, which starts with a slash, for use in an email. */
    public String link(String pathAndQuery) {
        if (!pathAndQuery.startsWith("/")) {
            throw new IllegalArgumentException("A link path starts with '/'");
        }
        return publicUrl + pathAndQuery;
    }
}
