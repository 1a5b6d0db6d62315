package org.billing.iam.core.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.HexFormat;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each message as an RFC 5322 {@code .eml} file into a directory instead of sending
 * it, for installations without an SMTP server. Any mail client opens the files.
 *
 * <p>File names start with the UTC time to the millisecond, so a directory listing sorts
 * them by creation time, and end with 32 random bits, so names never collide. Files and the
 * directory are readable by the owner only, because a message may contain a link with a token.
 */
public final class OutboxMailer implements Mailer {

    private static final Logger log = LoggerFactory.getLogger(OutboxMailer.class);
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final String from;
    private final Session session;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** Creates the mailer, creating {@code directory} owner-only if it does not exist. */
    public OutboxMailer(Path directory, String from, Clock clock) {
        this.directory = directory;
        this.from = from;
        this.clock = clock;
        Properties properties = new Properties();
        properties.setProperty("mail.from", from);
        this.session = Session.getInstance(properties);
        try {
            OwnerOnlyFiles.createDirectories(directory);
        } catch (IOException e) {
            throw new MailException("Failed to create the outbox directory " + directory, e);
        }
    }

    /** Returns the directory that receives the files. */
    public Path directory() {
        return directory;
    }

    @Override
    public void send(EmailMessage message) {
        Instant now = clock.instant();
        Path target = directory.resolve(fileName(now));
        try {
            MimeMessage mime = MimeMessages.build(session, from, message, Date.from(now));
            Path temporary = OwnerOnlyFiles.createFile(directory, ".writing-");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                mime.writeTo(out);
            }
            // The move makes a file appear whole or not at all to anyone reading the directory.
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            log.info("Wrote email {} to {} into {}", mime.getMessageID(), message.to(), target.getFileName());
        } catch (IOException | MessagingException e) {
            throw new MailException("Failed to write email to " + message.to() + " into " + directory, e);
        }
    }

    private String fileName(Instant now) {
        byte[] suffix = new byte[4];
        random.nextBytes(suffix);
        return FILE_TIME.format(now) + "-" + HexFormat.of().formatHex(suffix) + ".eml";
    }
}
