package org.billing.iam.core.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each message over SMTP with Jakarta Mail, opening one connection per message.
 * Logs the recipient and Message-ID, never the body, which may contain a link with a token.
 */
public final class SmtpMailer implements Mailer {

    private static final Logger log = LoggerFactory.getLogger(SmtpMailer.class);

    private final SmtpSettings settings;
    private final Session session;
    private final Clock clock;

    public SmtpMailer(SmtpSettings settings, Clock clock) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings));
        this.clock = clock;
    }

    @Override
    public void send(EmailMessage message) {
        try {
            MimeMessage mime = MimeMessages.build(session, settings.from(), message, Date.from(clock.instant()));
            if (settings.authenticates()) {
                Transport.send(mime, settings.username(), settings.password());
            } else {
                Transport.send(mime);
            }
            log.info("Sent email {} to {} via {}:{}", mime.getMessageID(), message.to(),
                    settings.host(), settings.port());
        } catch (MessagingException e) {
            // The exception text can quote the server's reply, never the body or the password.
            throw new MailException("Failed to send email to " + message.to() + " via SMTP server "
                    + settings.host() + ":" + settings.port(), e);
        }
    }

    private static Properties properties(SmtpSettings settings) {
        String timeoutMillis = Long.toString(settings.timeout().toMillis());
        Properties properties = new Properties();
        properties.setProperty("mail.transport.protocol", "smtp");
        properties.setProperty("mail.smtp.host", settings.host());
        properties.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        properties.setProperty("mail.from", settings.from());
        properties.setProperty("mail.smtp.auth", Boolean.toString(settings.authenticates()));
        properties.setProperty("mail.smtp.connectiontimeout", timeoutMillis);
        properties.setProperty("mail.smtp.timeout", timeoutMillis);
        properties.setProperty("mail.smtp.writetimeout", timeoutMillis);
        if (settings.startTls()) {
            // Required, not opportunistic: a server without STARTTLS fails the send.
            properties.setProperty("mail.smtp.starttls.enable", "true");
            properties.setProperty("mail.smtp.starttls.required", "true");
            properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        }
        return properties;
    }
}
