package org.billing.iam.core.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PermissionRulesTest {

    private static final Set<Permission> PRACTICE_KEYS = EnumSet.of(Permission.PRACTICE_SEAT_VIEW,
            Permission.PRACTICE_SEAT_MANAGE, Permission.PRACTICE_INVOICE_VIEW, Permission.PRACTICE_SETTINGS_EDIT);

    @Test
    void thereAreTwentyNineKeys() {
        assertThat(Permission.values()).hasSize(29);
    }

    @Test
    void physicianHoldsAllButPracticeAndAdminKeys() {
        Set<Permission> expected = EnumSet.allOf(Permission.class);
        expected.removeAll(PRACTICE_KEYS);
        expected.remove(Permission.ADMIN_PHI_ACCESS);

        assertThat(Role.PHYSICIAN.permissions()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(Role.PHYSICIAN.permissions()).hasSize(24);
    }

    @Test
    void practiceAdminHoldsOnlyPracticeKeys() {
        assertThat(Role.PRACTICE_ADMIN.permissions()).containsExactlyInAnyOrderElementsOf(PRACTICE_KEYS);
    }

    @Test
    void adminHoldsPhiAuditAndAnalytics() {
        assertThat(Role.ADMIN.permissions()).containsExactlyInAnyOrder(
                Permission.ADMIN_PHI_ACCESS, Permission.AUDIT_VIEW, Permission.ANALYTICS_VIEW);
    }

    @Test
    void delegateRoleGrantsNothingByItself() {
        assertThat(Role.DELEGATE.permissions()).isEmpty();
    }

    @Test
    void delegateForbiddenKeysAreNotGrantable() {
        assertThat(Permission.DELEGATE_FORBIDDEN).containsExactlyInAnyOrder(Permission.DELEGATE_MANAGE,
                Permission.SUBSCRIPTION_MANAGE, Permission.DATA_EXPORT, Permission.AUDIT_VIEW);
        for (Permission forbidden : Permission.DELEGATE_FORBIDDEN) {
            assertThat(forbidden.delegateGrantable()).as(forbidden.key()).isFalse();
        }
        assertThat(Permission.CLAIM_VIEW.delegateGrantable()).isTrue();
        assertThat(Permission.PRACTICE_SEAT_VIEW.delegateGrantable()).isFalse();
        assertThat(Permission.ADMIN_PHI_ACCESS.delegateGrantable()).isFalse();
    }

    @Test
    void roleSetsCannotBeModified() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Role.ADMIN.permissions().add(Permission.CLAIM_VIEW))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void subscriptionStatusesMapToAccessLevels() {
        assertThat(SubscriptionStatus.TRIAL.accessLevel()).isEqualTo(AccessLevel.FULL);
        assertThat(SubscriptionStatus.ACTIVE.accessLevel()).isEqualTo(AccessLevel.FULL);
        assertThat(SubscriptionStatus.PAST_DUE.accessLevel()).isEqualTo(AccessLevel.READ_ONLY);
        assertThat(SubscriptionStatus.SUSPENDED.accessLevel()).isEqualTo(AccessLevel.ACCOUNT_ONLY);
        assertThat(SubscriptionStatus.CANCELLED.accessLevel()).isEqualTo(AccessLevel.ACCOUNT_ONLY);
    }

    @Test
    void unknownStoredValuesAreEmpty() {
        assertThat(Permission.fromKey("claim_view")).isEmpty();
        assertThat(Permission.fromKey("CLAIM_VIEW")).contains(Permission.CLAIM_VIEW);
        assertThat(Role.fromDatabase("SUPERUSER")).isEmpty();
        assertThat(SubscriptionStatus.fromDatabase("FREE")).isEmpty();
    }
}
