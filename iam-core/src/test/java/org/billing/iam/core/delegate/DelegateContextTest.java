package org.billing.iam.core.delegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.billing.iam.schema.jooq.Tables.DELEGATE_LINKAGES;
import static org.billing.iam.schema.jooq.Tables.SESSIONS;
import static org.billing.iam.schema.jooq.Tables.SESSION_CONTEXTS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.util.List;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.context.PermissionCheck;
import org.billing.iam.core.error.ForbiddenException;
import org.billing.iam.core.permission.AccessLevel;
import org.billing.iam.core.permission.Permission;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DelegateContextTest {

    private static final String EMAIL = "dana@example.org";

    private final TestIam iam = TestIam.start(4);
    private final DelegateFixture fixture = new DelegateFixture(iam);
    private final ActingContextService actingContexts = fixture.actingContexts();
    private final TestUser physician = fixture.physician();
    private final TestUser otherPhysician = fixture.physician();
    private final AcceptedInvitation accepted =
            fixture.newDelegate(fixture.scope(physician), EMAIL, List.of("CLAIM_VIEW", "CLAIM_EDIT"));
    private final TestUser delegate = DelegateFixture.asUser(accepted, EMAIL);

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void physiciansServedListsActiveLinkages() {
        AcceptedInvitation second = serveOtherPhysician(List.of("PATIENT_VIEW"));
        TestUser formerPhysician = fixture.physician();
        AcceptedInvitation former = linkTo(formerPhysician, List.of("REPORT_VIEW"));
        fixture.linkages().remove(fixture.scope(formerPhysician), former.linkageId(), TestIam.REQUEST);
        String token = fixture.signIn(delegate);
        actingContexts.switchContext(fixture.context(token), otherPhysician.userId(), TestIam.REQUEST);

        List<PhysicianServed> served = actingContexts.physiciansServed(fixture.context(token));

        assertThat(served).extracting(PhysicianServed::linkageId)
                .containsExactlyInAnyOrder(accepted.linkageId(), second.linkageId());
        PhysicianServed current = served.stream().filter(PhysicianServed::current).findFirst().orElseThrow();
        assertThat(current.physicianUserId()).isEqualTo(otherPhysician.userId());
        assertThat(current.physicianName()).isEqualTo("Test User");
        assertThat(current.permissions()).containsExactly(Permission.PATIENT_VIEW);
        assertThat(current.canApproveBatches()).isFalse();
        assertThat(served).filteredOn(PhysicianServed::current).hasSize(1);
    }

    @Test
    void newSessionActsForNoPhysician() {
        AuthContext context = fixture.signedInContext(delegate);

        assertThat(context.role()).isEqualTo(Role.DELEGATE);
        assertThat(context.permissions()).isEmpty();
        assertThat(context.actingForPhysicianId()).isNull();
        assertThat(context.linkageId()).isNull();
        assertThatThrownBy(() -> PermissionCheck.require(context, Permission.CLAIM_VIEW))
                .isInstanceOf(ForbiddenException.class)
                .hasMessage(PermissionCheck.CHOOSE_PHYSICIAN);
    }

    @Test
    void switchContextActsForPhysicianInOneRead() {
        String token = fixture.signIn(delegate);

        PhysicianServed chosen = actingContexts.switchContext(fixture.context(token), physician.userId(),
                TestIam.REQUEST);
        iam.queries().clear();
        AuthContext context = fixture.context(token);

        assertThat(iam.queries().statements()).hasSize(1);
        assertThat(chosen.linkageId()).isEqualTo(accepted.linkageId());
        assertThat(context.actingForPhysicianId()).isEqualTo(physician.userId());
        assertThat(context.linkageId()).isEqualTo(accepted.linkageId());
        assertThat(context.permissions()).containsExactlyInAnyOrder(Permission.CLAIM_VIEW, Permission.CLAIM_EDIT);
        assertThat(PermissionCheck.allows(context, Permission.CLAIM_EDIT)).isTrue();
        assertThat(PermissionCheck.allows(context, Permission.PATIENT_VIEW)).isFalse();
        assertThat(fixture.audits("delegate.context_switched")).singleElement().satisfies(entry -> {
            assertThat(entry.getUserId()).isEqualTo(delegate.userId());
            assertThat(entry.getResourceId()).isEqualTo(accepted.linkageId());
            assertThat(entry.getDetail().data()).contains(physician.userId().toString());
            assertThat(entry.getDetail().data()).doesNotContain(token);
        });
    }

    @Test
    void choiceIsKeptPerSession() {
        serveOtherPhysician(List.of("PATIENT_VIEW"));
        String first = fixture.signIn(delegate);
        String second = fixture.signIn(delegate);

        actingContexts.switchContext(fixture.context(first), physician.userId(), TestIam.REQUEST);
        actingContexts.switchContext(fixture.context(second), otherPhysician.userId(), TestIam.REQUEST);
        actingContexts.switchContext(fixture.context(second), otherPhysician.userId(), TestIam.REQUEST);

        assertThat(fixture.context(first).actingForPhysicianId()).isEqualTo(physician.userId());
        assertThat(fixture.context(second).actingForPhysicianId()).isEqualTo(otherPhysician.userId());
        assertThat(fixture.context(second).permissions()).containsExactly(Permission.PATIENT_VIEW);
        assertThat(iam.db().fetchCount(SESSION_CONTEXTS)).isEqualTo(2);
    }

    @Test
    void unservedPhysicianAnsweredAsUnknown() {
        AuthContext context = fixture.signedInContext(delegate);

        ForbiddenException unserved = catchThrowableOfType(ForbiddenException.class,
                () -> actingContexts.switchContext(context, otherPhysician.userId(), TestIam.REQUEST));
        ForbiddenException unknown = catchThrowableOfType(ForbiddenException.class,
                () -> actingContexts.switchContext(context, DelegateFixture.unknownId(), TestIam.REQUEST));

        assertThat(unserved.getMessage()).isEqualTo(ActingContextService.NOT_SERVED);
        assertThat(unknown.getMessage()).isEqualTo(unserved.getMessage());
        assertThat(iam.db().fetchCount(SESSION_CONTEXTS)).isZero();
    }

    @Test
    void nonDelegatesCannotSwitch() {
        AuthContext physicianContext = fixture.signedInContext(physician);

        assertThatThrownBy(() -> actingContexts.switchContext(physicianContext, physician.userId(), TestIam.REQUEST))
                .isInstanceOf(ForbiddenException.class)
                .hasMessage(ActingContextService.DELEGATES_ONLY);
        assertThatThrownBy(() -> actingContexts.physiciansServed(physicianContext))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void deactivatedLinkageStopsGrantingNextRequest() {
        String token = fixture.signIn(delegate);
        actingContexts.switchContext(fixture.context(token), physician.userId(), TestIam.REQUEST);

        // Deactivated without revoking sessions, as another writer of the shared table might.
        iam.db().update(DELEGATE_LINKAGES).set(DELEGATE_LINKAGES.IS_ACTIVE, false).execute();

        AuthContext context = fixture.context(token);
        assertThat(context.actingForPhysicianId()).isNull();
        assertThat(context.linkageId()).isNull();
        assertThat(context.permissions()).isEmpty();
        assertThat(PermissionCheck.allows(context, Permission.CLAIM_VIEW)).isFalse();
    }

    @Test
    void deactivatedPhysicianStopsGrantingNextRequest() {
        String token = fixture.signIn(delegate);
        actingContexts.switchContext(fixture.context(token), physician.userId(), TestIam.REQUEST);

        iam.db().update(USERS).set(USERS.IS_ACTIVE, false).where(USERS.USER_ID.eq(physician.userId())).execute();

        assertThat(fixture.context(token).permissions()).isEmpty();
        assertThat(fixture.context(token).actingForPhysicianId()).isNull();
    }

    @Test
    void physicianSubscriptionGatesDelegate() {
        String token = fixture.signIn(delegate);
        actingContexts.switchContext(fixture.context(token), physician.userId(), TestIam.REQUEST);
        iam.db().update(USERS).set(USERS.SUBSCRIPTION_STATUS, SubscriptionStatus.PAST_DUE.name())
                .where(USERS.USER_ID.eq(physician.userId())).execute();

        AuthContext context = fixture.context(token);

        assertThat(context.subscriptionStatus()).isEqualTo(SubscriptionStatus.PAST_DUE);
        assertThat(context.accessLevel()).isEqualTo(AccessLevel.READ_ONLY);
        assertThat(PermissionCheck.allows(context, Permission.CLAIM_VIEW)).isTrue();
        assertThat(PermissionCheck.allows(context, Permission.CLAIM_EDIT)).isFalse();
        assertThatThrownBy(() -> PermissionCheck.require(context, Permission.CLAIM_EDIT))
                .hasMessage(PermissionCheck.READ_ONLY_SUBSCRIPTION);
    }

    @Test
    void storedKeysBeyondGrantableAreIgnored() {
        String token = fixture.signIn(delegate);
        actingContexts.switchContext(fixture.context(token), physician.userId(), TestIam.REQUEST);
        iam.db().update(DELEGATE_LINKAGES)
                .set(DELEGATE_LINKAGES.PERMISSIONS,
                        JSONB.jsonb("[\"CLAIM_VIEW\", \"DATA_EXPORT\", \"ADMIN_PHI_ACCESS\", \"BATCH_APPROVE\", \"X\"]"))
                .set(DELEGATE_LINKAGES.CAN_APPROVE_BATCHES, false)
                .execute();

        assertThat(fixture.context(token).permissions()).containsExactly(Permission.CLAIM_VIEW);

        iam.db().update(DELEGATE_LINKAGES).set(DELEGATE_LINKAGES.CAN_APPROVE_BATCHES, true).execute();
        assertThat(fixture.context(token).permissions())
                .containsExactlyInAnyOrder(Permission.CLAIM_VIEW, Permission.BATCH_APPROVE);
    }

    @Test
    void contextRowsGoWithTheirSession() {
        String token = fixture.signIn(delegate);
        actingContexts.switchContext(fixture.context(token), physician.userId(), TestIam.REQUEST);

        iam.db().deleteFrom(SESSIONS).where(SESSIONS.USER_ID.eq(delegate.userId())).execute();

        assertThat(iam.db().fetchCount(SESSION_CONTEXTS)).isZero();
    }

    private AcceptedInvitation serveOtherPhysician(List<String> keys) {
        return linkTo(otherPhysician, keys);
    }

    private AcceptedInvitation linkTo(TestUser anotherPhysician, List<String> keys) {
        String token = fixture.invite(fixture.scope(anotherPhysician), EMAIL, keys);
        return fixture.acceptance().accept(token, null, DelegateFixture.NEW_PASSWORD, null, TestIam.REQUEST);
    }
}
