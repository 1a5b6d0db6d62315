package org.billing.iam.core.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/** Builds the MIME form of an {@link EmailMessage}, shared by the SMTP and outbox mailers. */
final class MimeMessages {

    private MimeMessages() {
    }

    /**
     * Builds a plain-text UTF-8 message with Date, From, To, Subject and Message-ID set.
     * The Message-ID domain comes from the session's {@code mail.from} property.
     */
    static MimeMessage build(Session session, String from, EmailMessage message, Date sentAt)
            throws MessagingException {
        MimeMessage mime = new MimeMessage(session);
        mime.setFrom(new InternetAddress(from, true));
        mime.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(message.to(), true));
        mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
        mime.setText(message.textBody(), StandardCharsets.UTF_8.name());
        mime.setSentDate(sentAt);
        mime.saveChanges();
        return mime;
    }
}
