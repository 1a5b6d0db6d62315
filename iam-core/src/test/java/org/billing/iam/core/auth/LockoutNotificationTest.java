package org.billing.iam.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.mail.EmailMessage;
import org.billing.iam.core.testing.Concurrent;
import org.billing.iam.core.testing.RecordingMailer;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LockoutNotificationTest {

    private final TestIam iam = TestIam.start();
    private final TestUser user = iam.user().email("dr.locked@example.org").create();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void lockEmailsOwnerOnce() {
        failLogins(LoginLockout.MAX_FAILED_ATTEMPTS - 1);
        assertThat(iam.mailer().sent()).isEmpty();

        failLogins(1);
        failLogins(5);

        List<EmailMessage> sent = iam.mailer().sentTo(user.email());
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).subject()).isEqualTo("Your account has been locked");
        assertThat(sent.get(0).textBody()).contains("2026-03-02 10:30 UTC", TestIam.PUBLIC_URL + "/login");
    }

    @Test
    void fortyConcurrentFailuresSendOneEmail() throws Exception {
        List<Boolean> failed = Concurrent.run(40, this::failLogin);

        assertThat(failed).hasSize(40).containsOnly(true);
        assertThat(iam.mailer().sentTo(user.email())).hasSize(1);
    }

    @Test
    void nextLockAfterExpiryEmailsAgain() {
        failLogins(LoginLockout.MAX_FAILED_ATTEMPTS);
        iam.clock().advance(LoginLockout.LOCK_DURATION.plus(Duration.ofSeconds(1)));

        failLogins(LoginLockout.MAX_FAILED_ATTEMPTS);

        assertThat(iam.mailer().sentTo(user.email())).hasSize(2);
    }

    @Test
    void notifierSendsOnBackgroundExecutor() {
        RecordingMailer mailer = new RecordingMailer();
        List<Runnable> queued = new ArrayList<>();
        LockoutNotifier notifier = new LockoutNotifier(mailer, TestIam.PUBLIC_URL, queued::add);

        notifier.accountLocked(user.userId(), user.email(), iam.clock().instant().atOffset(ZoneOffset.UTC));

        assertThat(mailer.sent()).isEmpty();
        assertThat(queued).hasSize(1);
        queued.get(0).run();
        assertThat(mailer.sentTo(user.email())).hasSize(1);
    }

    @Test
    void rejectedNotificationDoesNotFailAttempt() {
        LockoutNotifier notifier = new LockoutNotifier(new RecordingMailer(), TestIam.PUBLIC_URL, task -> {
            throw new RejectedExecutionException("stopped");
        });

        notifier.accountLocked(user.userId(), user.email(), iam.clock().instant().atOffset(ZoneOffset.UTC));
    }

    private void failLogins(int count) {
        for (int i = 0; i < count; i++) {
            failLogin();
        }
    }

    private boolean failLogin() {
        try {
            iam.core().login().login(user.email(), "Wrong-password-1", TestIam.REQUEST);
            return false;
        } catch (BusinessRuleException expected) {
            return true;
        }
    }
}
