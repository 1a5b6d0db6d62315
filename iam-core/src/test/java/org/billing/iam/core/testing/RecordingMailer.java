package org.billing.iam.core.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.billing.iam.core.mail.EmailMessage;
import org.billing.iam.core.mail.MailException;
import org.billing.iam.core.mail.Mailer;

/** A mailer that keeps every message in memory, or fails on demand. */
public final class RecordingMailer implements Mailer {

    private static final Pattern TOKEN_PARAMETER = Pattern.compile("[?&]token=([^\\s&]+)");

    private final List<EmailMessage> sent = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    @Override
    public void send(EmailMessage message) {
        if (failing) {
            throw new MailException("RecordingMailer set to fail", null);
        }
        sent.add(message);
    }

    /** Makes every later send throw {@link MailException}, or stops that. */
    public void setFailing(boolean failing) {
        this.failing = failing;
    }

    /** Returns every message sent so far, oldest first. */
    public List<EmailMessage> sent() {
        return List.copyOf(sent);
    }

    /** Returns the messages sent to one address. */
    public List<EmailMessage> sentTo(String address) {
        return sent.stream().filter(message -> message.to().equals(address)).toList();
    }

    /** Returns the latest message, failing when none was sent. */
    public EmailMessage last() {
        if (sent.isEmpty()) {
            throw new AssertionError("No email was sent");
        }
        return sent.get(sent.size() - 1);
    }

    /** Returns the {@code token} query parameter of the first link in a message body. */
    public static String linkToken(EmailMessage message) {
        Matcher matcher = TOKEN_PARAMETER.matcher(message.textBody());
        if (!matcher.find()) {
            throw new AssertionError("No link with a token in the email " + message);
        }
        return matcher.group(1);
    }
}
