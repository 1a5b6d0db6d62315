package org.billing.iam.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;

import java.time.Duration;
import java.util.List;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.permission.AccessLevel;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.billing.iam.core.session.NewSession;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubscriptionServiceTest {

    private final TestIam iam = TestIam.start(4);
    private final SubscriptionService subscriptions = iam.core().lifecycle().subscriptions();
    private final TestUser user = iam.user().email("dr.billing@example.org").create();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void suspensionAppliesToNextRequest() {
        NewSession session = iam.core().sessions().create(user.userId(), TestIam.REQUEST);

        SubscriptionStatus previous = subscriptions.setSubscription("DR.BILLING@example.org",
                SubscriptionStatus.SUSPENDED);

        assertThat(previous).isEqualTo(SubscriptionStatus.TRIAL);
        AuthContext context = iam.core().authContexts().resolve(session.token());
        assertThat(context.subscriptionStatus()).isEqualTo(SubscriptionStatus.SUSPENDED);
        assertThat(context.accessLevel()).isEqualTo(AccessLevel.ACCOUNT_ONLY);
    }

    @Test
    void transitionsWriteMatchingAuditActions() {
        for (SubscriptionStatus status : List.of(SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE,
                SubscriptionStatus.CANCELLED, SubscriptionStatus.ACTIVE, SubscriptionStatus.SUSPENDED,
                SubscriptionStatus.TRIAL)) {
            iam.clock().advance(Duration.ofSeconds(1));
            subscriptions.setSubscription(user.email(), status);
        }

        assertThat(auditActions()).containsExactly("account.updated", "account.updated", "account.suspended",
                "account.reactivated", "account.suspended", "account.reactivated");
    }

    @Test
    void pastDueToActiveIsReactivation() {
        subscriptions.setSubscription(user.email(), SubscriptionStatus.PAST_DUE);
        iam.clock().advance(Duration.ofSeconds(1));

        subscriptions.setSubscription(user.email(), SubscriptionStatus.ACTIVE);

        assertThat(auditActions()).containsExactly("account.updated", "account.reactivated");
    }

    @Test
    void unchangedStatusWritesNothing() {
        subscriptions.setSubscription(user.email(), SubscriptionStatus.TRIAL);

        assertThat(auditActions()).isEmpty();
    }

    @Test
    void auditRecordsBothStatuses() {
        subscriptions.setSubscription(user.email(), SubscriptionStatus.CANCELLED);

        assertThat(iam.db().select(AUDIT_LOG.DETAIL).from(AUDIT_LOG).fetchSingle().value1().data())
                .isEqualTo("{\"to\": \"CANCELLED\", \"from\": \"TRIAL\"}");
    }

    @Test
    void unknownEmailRejected() {
        assertThatThrownBy(() -> subscriptions.setSubscription("nobody@example.org", SubscriptionStatus.ACTIVE))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(SubscriptionService.NO_SUCH_ACCOUNT);
    }

    private List<String> auditActions() {
        return iam.db().select(AUDIT_LOG.ACTION).from(AUDIT_LOG)
                .orderBy(AUDIT_LOG.CREATED_AT)
                .fetch(AUDIT_LOG.ACTION);
    }
}
