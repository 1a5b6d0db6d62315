package org.billing.iam.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.schema.jooq.Tables.RECOVERY_CODES;

import java.util.UUID;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountServiceTest {

    private final TestIam iam = TestIam.start(2);

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void viewShowsAccountAndUnusedCodeCount() {
        TestUser user = iam.user().email("dr.view@example.org").withMfa().create();
        iam.db().update(RECOVERY_CODES).set(RECOVERY_CODES.USED, true)
                .where(RECOVERY_CODES.CODE_ID.in(iam.db().select(RECOVERY_CODES.CODE_ID).from(RECOVERY_CODES).limit(3)))
                .execute();

        AccountView view = iam.core().accounts().view(user.userId()).orElseThrow();

        assertThat(view.userId()).isEqualTo(user.userId());
        assertThat(view.email()).isEqualTo("dr.view@example.org");
        assertThat(view.fullName()).isEqualTo("Test User");
        assertThat(view.phone()).isNull();
        assertThat(view.role()).isEqualTo(Role.PHYSICIAN);
        assertThat(view.emailVerified()).isTrue();
        assertThat(view.mfaConfigured()).isTrue();
        assertThat(view.subscriptionStatus()).isEqualTo(SubscriptionStatus.TRIAL);
        assertThat(view.createdAt()).isEqualTo(Timestamps.now(iam.clock()));
        assertThat(view.unusedRecoveryCodes()).isEqualTo(7);
    }

    @Test
    void viewCarriesNoSecret() {
        TestUser user = iam.user().withMfa().create();

        String text = iam.core().accounts().view(user.userId()).orElseThrow().toString();

        assertThat(text).doesNotContain("$argon2id$", user.password(), user.totpSecret());
        assertThat(AccountView.class.getRecordComponents()).extracting(c -> c.getName())
                .noneMatch(name -> name.contains("hash") || name.contains("secret") || name.contains("password"));
    }

    @Test
    void unknownUserHasNoView() {
        assertThat(iam.core().accounts().view(UUID.randomUUID())).isEmpty();
    }
}
