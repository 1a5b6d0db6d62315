package org.billing.iam.core.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.error.ForbiddenException;
import org.junit.jupiter.api.Test;

class SubscriptionGateTest {

    @Test
    void fullAccessAllowsEveryKind() {
        for (RequestKind kind : RequestKind.values()) {
            assertThat(SubscriptionGate.allows(Role.PHYSICIAN, AccessLevel.FULL, kind)).as(kind.name()).isTrue();
        }
    }

    @Test
    void pastDueAllowsReadsNotWrites() {
        assertThat(SubscriptionGate.allows(Role.PHYSICIAN, AccessLevel.READ_ONLY, RequestKind.READ)).isTrue();
        assertThat(SubscriptionGate.allows(Role.PHYSICIAN, AccessLevel.READ_ONLY, RequestKind.ACCOUNT_MANAGEMENT))
                .isTrue();
        assertThat(SubscriptionGate.allows(Role.PHYSICIAN, AccessLevel.READ_ONLY, RequestKind.DATA_EXPORT)).isTrue();
        assertThatThrownBy(() -> SubscriptionGate.require(Role.PHYSICIAN, AccessLevel.READ_ONLY, RequestKind.WRITE))
                .isInstanceOf(ForbiddenException.class)
                .hasMessage(SubscriptionGate.READ_ONLY);
    }

    @Test
    void suspendedAllowsOnlyAccountAndExport() {
        assertThat(SubscriptionGate.allows(Role.PHYSICIAN, AccessLevel.ACCOUNT_ONLY, RequestKind.ACCOUNT_MANAGEMENT))
                .isTrue();
        assertThat(SubscriptionGate.allows(Role.PHYSICIAN, AccessLevel.ACCOUNT_ONLY, RequestKind.DATA_EXPORT))
                .isTrue();
        for (RequestKind kind : new RequestKind[] {RequestKind.READ, RequestKind.WRITE}) {
            assertThatThrownBy(() -> SubscriptionGate.require(Role.PHYSICIAN, AccessLevel.ACCOUNT_ONLY, kind))
                    .isInstanceOf(ForbiddenException.class)
                    .hasMessage(SubscriptionGate.ACCOUNT_ONLY);
        }
    }

    @Test
    void delegateGatedByGivenLevel() {
        assertThatThrownBy(() -> SubscriptionGate.require(Role.DELEGATE, AccessLevel.ACCOUNT_ONLY, RequestKind.READ))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> SubscriptionGate.require(Role.PRACTICE_ADMIN, AccessLevel.READ_ONLY,
                RequestKind.WRITE)).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void adminNeverGated() {
        for (AccessLevel level : AccessLevel.values()) {
            for (RequestKind kind : RequestKind.values()) {
                SubscriptionGate.require(Role.ADMIN, level, kind);
            }
        }
    }

    @Test
    void contextUsesItsRoleAndLevel() {
        AuthContext suspended = new AuthContext(UUID.randomUUID(), Role.PHYSICIAN, SubscriptionStatus.CANCELLED,
                SubscriptionStatus.CANCELLED.accessLevel(), UUID.randomUUID(), Role.PHYSICIAN.permissions(), null,
                null);

        SubscriptionGate.require(suspended, RequestKind.DATA_EXPORT);
        assertThatThrownBy(() -> SubscriptionGate.require(suspended, RequestKind.READ))
                .isInstanceOf(ForbiddenException.class);
    }
}
