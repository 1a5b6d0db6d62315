package org.billing.iam.core.mail;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class OutboxMailerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30.250Z"), ZoneOffset.UTC);

    @TempDir
    Path dataDirectory;

    @Test
    void sendWritesParsableEmlFile() throws Exception {
        OutboxMailer mailer = new OutboxMailer(dataDirectory.resolve("outbox"), "no-reply@iam.test", CLOCK);

        mailer.send(new EmailMessage("doctor@example.org", "Reset your password", "Open https://iam.test/r?token=xyz"));

        List<Path> files = emlFiles(mailer.directory());
        assertThat(files).hasSize(1);
        MimeMessage parsed = parse(files.get(0));
        assertThat(parsed.getSubject()).isEqualTo("Reset your password");
        assertThat(parsed.getFrom()[0].toString()).isEqualTo("no-reply@iam.test");
        assertThat(parsed.getAllRecipients()[0].toString()).isEqualTo("doctor@example.org");
        assertThat(parsed.getSentDate().toInstant()).isEqualTo(Instant.parse("2026-03-01T10:15:30Z"));
        assertThat(parsed.getMessageID()).matches("<.+@iam\\.test>");
        assertThat(parsed.getHeader("MIME-Version", null)).isEqualTo("1.0");
        assertThat(parsed.getContentType()).startsWith("text/plain").contains("UTF-8");
        assertThat(parsed.getContent().toString().trim()).isEqualTo("Open https://iam.test/r?token=xyz");
    }

    @Test
    void filesAndDirectoryAreOwnerOnly() throws Exception {
        OutboxMailer mailer = new OutboxMailer(dataDirectory.resolve("outbox"), "no-reply@iam.test", CLOCK);

        mailer.send(new EmailMessage("doctor@example.org", "Subject", "Body"));

        Path file = emlFiles(mailer.directory()).get(0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mailer.directory())))
                .isEqualTo("rwx------");
    }

    @Test
    void fileNamesAreUniqueAndTimeOrdered() throws Exception {
        OutboxMailer mailer = new OutboxMailer(dataDirectory.resolve("outbox"), "no-reply@iam.test", CLOCK);

        for (int i = 0; i < 20; i++) {
            mailer.send(new EmailMessage("doctor@example.org", "Subject " + i, "Body"));
        }

        List<Path> files = emlFiles(mailer.directory());
        assertThat(files).hasSize(20);
        assertThat(files).allSatisfy(file ->
                assertThat(file.getFileName().toString()).matches("20260301T101530\\.250Z-[0-9a-f]{8}\\.eml"));
        try (Stream<Path> all = Files.list(mailer.directory())) {
            assertThat(all.count()).as("no temporary files left behind").isEqualTo(20);
        }
    }

    @Test
    void logNamesRecipientButNotBody() {
        Logger logger = (Logger) LoggerFactory.getLogger(OutboxMailer.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        try {
            OutboxMailer mailer = new OutboxMailer(dataDirectory.resolve("outbox"), "no-reply@iam.test", CLOCK);
            mailer.send(new EmailMessage("doctor@example.org", "Reset", "https://iam.test/r?token=5e3b9c1d7a"));
        } finally {
            logger.detachAppender(captured);
        }

        assertThat(captured.list).hasSize(1);
        String line = captured.list.get(0).getFormattedMessage();
        assertThat(line).contains("doctor@example.org");
        assertThat(line).doesNotContain("5e3b9c1d7a").doesNotContain("token");
    }

    private static List<Path> emlFiles(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".eml")).sorted().toList();
        }
    }

    private static MimeMessage parse(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }
}
