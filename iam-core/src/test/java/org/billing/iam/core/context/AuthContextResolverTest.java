package org.billing.iam.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.billing.iam.schema.jooq.Tables.USERS;

import org.billing.iam.core.error.UnauthorizedException;
import org.billing.iam.core.permission.AccessLevel;
import org.billing.iam.core.permission.Permission;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.billing.iam.core.session.NewSession;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthContextResolverTest {

    private final TestIam iam = TestIam.start(2);
    private final AuthContextResolver resolver = iam.core().authContexts();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void resolvesRolePermissionsAndAccessLevel() {
        TestUser user = iam.user().subscription(SubscriptionStatus.PAST_DUE).create();
        NewSession session = iam.core().sessions().create(user.userId(), TestIam.REQUEST);
        iam.queries().clear();

        AuthContext context = resolver.resolve(session.token());

        assertThat(context.userId()).isEqualTo(user.userId());
        assertThat(context.sessionId()).isEqualTo(session.sessionId());
        assertThat(context.role()).isEqualTo(Role.PHYSICIAN);
        assertThat(context.subscriptionStatus()).isEqualTo(SubscriptionStatus.PAST_DUE);
        assertThat(context.accessLevel()).isEqualTo(AccessLevel.READ_ONLY);
        assertThat(context.permissions()).isEqualTo(Role.PHYSICIAN.permissions());
        assertThat(context.has(Permission.CLAIM_VIEW)).isTrue();
        assertThat(context.actingForPhysicianId()).isNull();
        assertThat(context.linkageId()).isNull();
        assertThat(iam.queries().statements()).hasSize(1);
    }

    @Test
    void roleChangeVisibleOnNextRequest() {
        TestUser user = iam.user().create();
        NewSession session = iam.core().sessions().create(user.userId(), TestIam.REQUEST);
        resolver.resolve(session.token());

        iam.db().update(USERS).set(USERS.ROLE, "PRACTICE_ADMIN").set(USERS.SUBSCRIPTION_STATUS, "SUSPENDED")
                .where(USERS.USER_ID.eq(user.userId())).execute();

        AuthContext context = resolver.resolve(session.token());
        assertThat(context.role()).isEqualTo(Role.PRACTICE_ADMIN);
        assertThat(context.accessLevel()).isEqualTo(AccessLevel.ACCOUNT_ONLY);
        assertThat(context.has(Permission.CLAIM_VIEW)).isFalse();
    }

    @Test
    void revokedSessionIsUnauthorized() {
        TestUser user = iam.user().create();
        NewSession session = iam.core().sessions().create(user.userId(), TestIam.REQUEST);
        resolver.resolve(session.token());

        iam.core().sessions().logout(session.token(), TestIam.REQUEST);

        assertThatThrownBy(() -> resolver.resolve(session.token()))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage(AuthContextResolver.SIGN_IN_REQUIRED);
        assertThat(resolver.find(session.token())).isEmpty();
    }

    @Test
    void missingTokenIsUnauthorized() {
        assertThatThrownBy(() -> resolver.resolve(null)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void unknownStoredRoleIsUnauthorized() {
        TestUser user = iam.user().create();
        NewSession session = iam.core().sessions().create(user.userId(), TestIam.REQUEST);
        iam.db().update(USERS).set(USERS.ROLE, "SUPERUSER").where(USERS.USER_ID.eq(user.userId())).execute();

        assertThat(resolver.find(session.token())).isEmpty();
    }
}
