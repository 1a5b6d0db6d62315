package org.billing.iam.core.mail;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection settings of the SMTP server that {@link SmtpMailer} sends through.
 *
 * @param host SMTP server name or address
 * @param port SMTP server port, 1 to 65535
 * @param username login name, or null to send without authentication
 * @param password password for {@code username}, or null; never shown by {@link #toString()}
 * @param from sender address placed in the From header
 * @param startTls whether to upgrade with STARTTLS; when true the upgrade is required and a
 *     server that does not offer it is an error, so the password never travels in clear text
 * @param timeout connect, read and write timeout of the SMTP connection
 */
public record SmtpSettings(
        String host, int port, String username, String password, String from, boolean startTls, Duration timeout) {

    /** Connect, read and write timeout used when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SMTP port must be between 1 and 65535, was " + port);
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("SMTP username and password must be given together");
        }
    }

    /** Returns whether the server expects a login. */
    public boolean authenticates() {
        return username != null;
    }

    /** Returns a description without the password. */
    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", username=" + username
                + ", password=" + (password == null ? "none" : "(hidden)") + ", from=" + from
                + ", startTls=" + startTls + ", timeout=" + timeout + "]";
    }
}
