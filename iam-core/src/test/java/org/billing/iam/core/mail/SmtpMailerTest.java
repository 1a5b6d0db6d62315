package org.billing.iam.core.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmtpMailerTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", "s3cret-pass"));

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);

    @Test
    void sendWithLoginDeliversMessage() throws Exception {
        SmtpMailer mailer = new SmtpMailer(settings("mailer", "s3cret-pass", false), CLOCK);

        mailer.send(new EmailMessage("doctor@example.org", "Verify your email", "Open https://iam.test/verify-email?token=abc"));

        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("Verify your email");
        assertThat(received[0].getFrom()[0].toString()).isEqualTo("IAM <no-reply@iam.test>");
        assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("doctor@example.org");
        assertThat(received[0].getSentDate().toInstant()).isEqualTo(CLOCK.instant());
        assertThat(received[0].getMessageID()).endsWith("@iam.test>");
        assertThat(GreenMailUtil.getBody(received[0]).trim())
                .isEqualTo("Open https://iam.test/verify-email?token=abc");
    }

    @Test
    void sendKeepsNonAsciiSubjectAndBody() throws Exception {
        SmtpMailer mailer = new SmtpMailer(settings("mailer", "s3cret-pass", false), CLOCK);

        mailer.send(new EmailMessage("doctor@example.org", "Vérification", "Bonjour Dr Lefèvre"));

        MimeMessage received = SMTP.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("Vérification");
        assertThat(received.getContent().toString().trim()).isEqualTo("Bonjour Dr Lefèvre");
    }

    @Test
    void sendWithWrongPasswordFailsWithoutQuotingIt() {
        SmtpMailer mailer = new SmtpMailer(settings("mailer", "wrong-password", false), CLOCK);

        assertThatThrownBy(() -> mailer.send(new EmailMessage("doctor@example.org", "Subject", "Body")))
                .isInstanceOf(MailException.class)
                .hasMessageContaining("doctor@example.org")
                .hasMessageNotContaining("wrong-password");
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void requiredStartTlsWithoutServerSupportFails() {
        SmtpMailer mailer = new SmtpMailer(settings("mailer", "s3cret-pass", true), CLOCK);

        assertThatThrownBy(() -> mailer.send(new EmailMessage("doctor@example.org", "Subject", "Body")))
                .isInstanceOf(MailException.class)
                .hasRootCauseMessage("STARTTLS is required but host does not support STARTTLS");
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void settingsDescriptionHidesPassword() {
        assertThat(settings("mailer", "s3cret-pass", true).toString())
                .contains("mailer")
                .doesNotContain("s3cret-pass");
    }

    private static SmtpSettings settings(String username, String password, boolean startTls) {
        return new SmtpSettings("127.0.0.1", SMTP.getSmtp().getPort(), username, password,
                "IAM <no-reply@iam.test>", startTls, Duration.ofSeconds(5));
    }
}
