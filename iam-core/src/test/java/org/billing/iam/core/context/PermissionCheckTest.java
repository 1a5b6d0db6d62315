package org.billing.iam.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.UUID;
import org.billing.iam.core.error.ForbiddenException;
import org.billing.iam.core.permission.AccessLevel;
import org.billing.iam.core.permission.Permission;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.junit.jupiter.api.Test;

class PermissionCheckTest {

    @Test
    void fullAccessAllowsHeldPermissions() {
        AuthContext physician = context(Role.PHYSICIAN, SubscriptionStatus.ACTIVE, Role.PHYSICIAN.permissions());

        for (Permission permission : Permission.values()) {
            assertThat(PermissionCheck.allows(physician, permission)).as(permission.key())
                    .isEqualTo(Role.PHYSICIAN.permissions().contains(permission));
        }
        PermissionCheck.require(physician, Permission.CLAIM_DELETE);
    }

    @Test
    void missingPermissionNamedInError() {
        AuthContext practiceAdmin = context(Role.PRACTICE_ADMIN, SubscriptionStatus.TRIAL,
                Role.PRACTICE_ADMIN.permissions());

        assertThatThrownBy(() -> PermissionCheck.require(practiceAdmin, Permission.CLAIM_VIEW))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("CLAIM_VIEW");
    }

    @Test
    void pastDueAllowsViewAndExportOnly() {
        AuthContext physician = context(Role.PHYSICIAN, SubscriptionStatus.PAST_DUE, Role.PHYSICIAN.permissions());

        assertThat(PermissionCheck.allows(physician, Permission.CLAIM_VIEW)).isTrue();
        assertThat(PermissionCheck.allows(physician, Permission.REPORT_EXPORT)).isTrue();
        assertThat(PermissionCheck.allows(physician, Permission.DATA_EXPORT)).isTrue();
        assertThat(PermissionCheck.allows(physician, Permission.CLAIM_EDIT)).isFalse();
        assertThat(PermissionCheck.allows(physician, Permission.SUBSCRIPTION_MANAGE)).isFalse();
        assertThatThrownBy(() -> PermissionCheck.require(physician, Permission.CLAIM_SUBMIT))
                .isInstanceOf(ForbiddenException.class)
                .hasMessage(PermissionCheck.READ_ONLY_SUBSCRIPTION);
    }

    @Test
    void readOnlyKeysAreViewsAndExports() {
        for (Permission permission : Permission.values()) {
            boolean expected = permission.key().endsWith("_VIEW") || permission == Permission.REPORT_EXPORT
                    || permission == Permission.DATA_EXPORT;
            assertThat(PermissionCheck.allowedAt(AccessLevel.READ_ONLY, permission)).as(permission.key())
                    .isEqualTo(expected);
        }
    }

    @Test
    void suspendedAllowsAccountManagementAndExport() {
        for (SubscriptionStatus status : new SubscriptionStatus[] {SubscriptionStatus.SUSPENDED,
                SubscriptionStatus.CANCELLED}) {
            AuthContext physician = context(Role.PHYSICIAN, status, Role.PHYSICIAN.permissions());

            assertThat(PermissionCheck.allows(physician, Permission.SUBSCRIPTION_MANAGE)).isTrue();
            assertThat(PermissionCheck.allows(physician, Permission.SETTINGS_EDIT)).isTrue();
            assertThat(PermissionCheck.allows(physician, Permission.DATA_EXPORT)).isTrue();
            assertThat(PermissionCheck.allows(physician, Permission.CLAIM_VIEW)).isFalse();
            assertThatThrownBy(() -> PermissionCheck.require(physician, Permission.PATIENT_VIEW))
                    .hasMessage(PermissionCheck.ACCOUNT_ONLY_SUBSCRIPTION);
        }
    }

    private static AuthContext context(Role role, SubscriptionStatus status, Set<Permission> permissions) {
        return new AuthContext(UUID.randomUUID(), role, status, status.accessLevel(), UUID.randomUUID(), permissions,
                null, null);
    }
}
