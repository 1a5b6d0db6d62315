package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.server.api.ApiFixture.json;

import java.net.http.HttpResponse;
import java.util.Map;
import org.billing.iam.core.auth.LoginLockout;
import org.billing.iam.core.mail.EmailMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The owner of an account hears about its lock once, however many attempts follow. */
class LockoutNoticeTest {

    private static final String EMAIL = "locked@example.org";

    private ApiFixture api;

    @BeforeEach
    void start() {
        api = ApiFixture.start();
        api.signUp(EMAIL);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void lockEmailsOwnerOnce() {
        for (int attempt = 1; attempt < LoginLockout.MAX_FAILED_ATTEMPTS; attempt++) {
            assertThat(wrongPassword().statusCode()).isEqualTo(422);
        }
        assertThat(lockNotices()).as("before the lock").isZero();

        assertThat(wrongPassword().statusCode()).isEqualTo(422);
        assertThat(lockNotices()).as("at the lock").isEqualTo(1);

        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(wrongPassword().statusCode()).isEqualTo(422);
        }
        HttpResponse<String> correct = api.post("/auth/login",
                json(Map.of("email", EMAIL, "password", ApiFixture.PASSWORD)));
        assertThat(correct.statusCode()).as("locked account").isEqualTo(422);
        assertThat(lockNotices()).as("after further attempts").isEqualTo(1);
        EmailMessage notice = api.iam.mailer().sentTo(EMAIL).getLast();
        assertThat(notice.textBody()).contains("locked").doesNotContain("Wrong-Password");
    }

    private HttpResponse<String> wrongPassword() {
        return api.post("/auth/login", json(Map.of("email", EMAIL, "password", "Wrong-Password-1!")));
    }

    private long lockNotices() {
        return api.iam.mailer().sentTo(EMAIL).stream()
                .filter(message -> message.subject().equals("Your account has been locked"))
                .count();
    }
}
