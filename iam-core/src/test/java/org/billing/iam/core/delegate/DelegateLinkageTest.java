package org.billing.iam.core.delegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.billing.iam.schema.jooq.Tables.DELEGATE_LINKAGES;
import static org.billing.iam.schema.jooq.Tables.SESSIONS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Duration;
import java.util.List;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.context.PermissionCheck;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.ForbiddenException;
import org.billing.iam.core.error.ValidationException;
import org.billing.iam.core.permission.Permission;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.billing.iam.schema.jooq.tables.records.SessionsRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DelegateLinkageTest {

    private static final String EMAIL = "dana@example.org";

    private final TestIam iam = TestIam.start(6);
    private final DelegateFixture fixture = new DelegateFixture(iam);
    private final LinkageService linkages = fixture.linkages();
    private final TestUser physician = fixture.physician();
    private final PhysicianScope scope = fixture.scope(physician);

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void listDelegatesShowsLinkageDetails() {
        AcceptedInvitation accepted = fixture.newDelegate(scope, EMAIL, List.of("BATCH_VIEW", "BATCH_APPROVE"));
        TestUser delegate = DelegateFixture.asUser(accepted, EMAIL);
        fixture.signIn(delegate);
        iam.clock().advance(Duration.ofHours(2));
        fixture.signIn(delegate);
        AcceptedInvitation removed = fixture.newDelegate(scope, "removed@example.org", List.of("CLAIM_VIEW"));
        linkages.remove(scope, removed.linkageId(), TestIam.REQUEST);

        List<DelegateSummary> delegates = linkages.listDelegates(scope);

        assertThat(delegates).hasSize(2);
        DelegateSummary active = delegates.get(0);
        assertThat(active.linkageId()).isEqualTo(accepted.linkageId());
        assertThat(active.delegateUserId()).isEqualTo(delegate.userId());
        assertThat(active.fullName()).isEqualTo("Dana Delegate");
        assertThat(active.email()).isEqualTo(EMAIL);
        assertThat(active.permissions()).containsExactlyInAnyOrder(Permission.BATCH_VIEW, Permission.BATCH_APPROVE);
        assertThat(active.canApproveBatches()).isTrue();
        assertThat(active.lastSignInAt()).isEqualTo(Timestamps.now(iam.clock()));
        assertThat(active.active()).isTrue();
        DelegateSummary inactive = delegates.get(1);
        assertThat(inactive.linkageId()).isEqualTo(removed.linkageId());
        assertThat(inactive.active()).isFalse();
        assertThat(inactive.lastSignInAt()).isNull();
    }

    @Test
    void listDelegatesShowsOnlyOwn() {
        fixture.newDelegate(scope, EMAIL, List.of("CLAIM_VIEW"));

        assertThat(linkages.listDelegates(fixture.scope(fixture.physician()))).isEmpty();
    }

    @Test
    void permissionChangeAppliesOnNextRequest() {
        AcceptedInvitation accepted = fixture.newDelegate(scope, EMAIL, List.of("CLAIM_VIEW"));
        String token = fixture.signIn(DelegateFixture.asUser(accepted, EMAIL));
        fixture.actingContexts().switchContext(fixture.context(token), physician.userId(), TestIam.REQUEST);
        assertThat(fixture.context(token).permissions()).containsExactly(Permission.CLAIM_VIEW);

        linkages.updatePermissions(scope, accepted.linkageId(), List.of("PATIENT_VIEW", "BATCH_APPROVE"), true,
                TestIam.REQUEST);

        AuthContext context = fixture.context(token);
        assertThat(context.permissions()).containsExactlyInAnyOrder(Permission.PATIENT_VIEW, Permission.BATCH_APPROVE);
        assertThat(iam.db().fetchExists(SESSIONS, SESSIONS.REVOKED.isTrue())).isFalse();
        assertThat(iam.db().fetchSingle(DELEGATE_LINKAGES).getCanApproveBatches()).isTrue();
        assertThat(fixture.audits("delegate.permissions_updated")).singleElement().satisfies(entry -> {
            assertThat(entry.getUserId()).isEqualTo(physician.userId());
            assertThat(entry.getResourceId()).isEqualTo(accepted.linkageId());
            assertThat(entry.getDetail().data()).contains("CLAIM_VIEW", "PATIENT_VIEW");
        });
    }

    @Test
    void permissionChangeIsValidated() {
        AcceptedInvitation accepted = fixture.newDelegate(scope, EMAIL, List.of("CLAIM_VIEW"));

        assertThatThrownBy(() -> linkages.updatePermissions(scope, accepted.linkageId(),
                List.of("CLAIM_VIEW", "SUBSCRIPTION_MANAGE"), null, TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessageContaining("SUBSCRIPTION_MANAGE");
        ValidationException unknown = catchThrowableOfType(ValidationException.class,
                () -> linkages.updatePermissions(scope, accepted.linkageId(), List.of("NOPE"), null, TestIam.REQUEST));
        ValidationException empty = catchThrowableOfType(ValidationException.class,
                () -> linkages.updatePermissions(scope, accepted.linkageId(), List.of(), null, TestIam.REQUEST));
        ValidationException flag = catchThrowableOfType(ValidationException.class,
                () -> linkages.updatePermissions(scope, accepted.linkageId(), List.of("BATCH_VIEW"), true,
                        TestIam.REQUEST));

        assertThat(unknown.getMessage()).contains("NOPE");
        assertThat(empty.field()).isEqualTo("permissions");
        assertThat(flag.field()).isEqualTo("can_approve_batches");
        assertThat(iam.db().fetchSingle(DELEGATE_LINKAGES).getPermissions().data()).isEqualTo("[\"CLAIM_VIEW\"]");
    }

    @Test
    void otherPhysiciansLinkageAnsweredAsUnknown() {
        AcceptedInvitation accepted = fixture.newDelegate(scope, EMAIL, List.of("CLAIM_VIEW"));
        String delegateToken = fixture.signIn(DelegateFixture.asUser(accepted, EMAIL));
        PhysicianScope intruder = fixture.scope(fixture.physician());

        BusinessRuleException unknownUpdate = catchThrowableOfType(BusinessRuleException.class,
                () -> linkages.updatePermissions(intruder, DelegateFixture.unknownId(), List.of("CLAIM_VIEW"), null,
                        TestIam.REQUEST));
        BusinessRuleException foreignUpdate = catchThrowableOfType(BusinessRuleException.class,
                () -> linkages.updatePermissions(intruder, accepted.linkageId(), List.of("CLAIM_EDIT"), null,
                        TestIam.REQUEST));
        BusinessRuleException unknownRemove = catchThrowableOfType(BusinessRuleException.class,
                () -> linkages.remove(intruder, DelegateFixture.unknownId(), TestIam.REQUEST));
        BusinessRuleException foreignRemove = catchThrowableOfType(BusinessRuleException.class,
                () -> linkages.remove(intruder, accepted.linkageId(), TestIam.REQUEST));

        assertThat(foreignUpdate.getMessage()).isEqualTo(unknownUpdate.getMessage());
        assertThat(foreignRemove.getMessage()).isEqualTo(unknownRemove.getMessage());
        assertThat(iam.db().fetchSingle(DELEGATE_LINKAGES).getIsActive()).isTrue();
        assertThat(iam.db().fetchSingle(DELEGATE_LINKAGES).getPermissions().data()).isEqualTo("[\"CLAIM_VIEW\"]");
        assertThat(iam.core().authContexts().find(delegateToken)).isPresent();
    }

    @Test
    void removedDelegateCannotGetPermissions() {
        AcceptedInvitation accepted = fixture.newDelegate(scope, EMAIL, List.of("CLAIM_VIEW"));
        linkages.remove(scope, accepted.linkageId(), TestIam.REQUEST);

        assertThatThrownBy(() -> linkages.updatePermissions(scope, accepted.linkageId(), List.of("CLAIM_EDIT"), null,
                TestIam.REQUEST))
                .hasMessage(LinkageService.REMOVED);
        assertThatThrownBy(() -> linkages.remove(scope, accepted.linkageId(), TestIam.REQUEST))
                .hasMessage(LinkageService.NOT_FOUND_OR_REMOVED);
    }

    @Test
    void removeRevokesEverySessionButKeepsOtherLinkages() {
        AcceptedInvitation accepted = fixture.newDelegate(scope, EMAIL, List.of("CLAIM_VIEW"));
        TestUser delegate = DelegateFixture.asUser(accepted, EMAIL);
        TestUser otherPhysician = fixture.physician();
        String otherToken = fixture.invite(fixture.scope(otherPhysician), EMAIL, List.of("PATIENT_VIEW"));
        fixture.acceptance().accept(otherToken, null, null, delegate.userId(), TestIam.REQUEST);
        String first = fixture.signIn(delegate);
        String second = fixture.signIn(delegate);
        String physicianSession = fixture.signIn(physician);

        linkages.remove(scope, accepted.linkageId(), TestIam.REQUEST);

        assertThat(iam.core().authContexts().find(first)).isEmpty();
        assertThat(iam.core().authContexts().find(second)).isEmpty();
        assertThat(iam.core().authContexts().find(physicianSession)).isPresent();
        List<SessionsRecord> delegateSessions = iam.db().fetch(SESSIONS, SESSIONS.USER_ID.eq(delegate.userId()))
                .stream().toList();
        assertThat(delegateSessions).hasSize(2).allSatisfy(session -> {
            assertThat(session.getRevoked()).isTrue();
            assertThat(session.getRevokedReason()).isEqualTo("revoked_remote");
        });
        assertThat(iam.db().fetchSingle(DELEGATE_LINKAGES, DELEGATE_LINKAGES.LINKAGE_ID.eq(accepted.linkageId()))
                .getIsActive()).isFalse();
        assertThat(iam.db().fetchSingle(DELEGATE_LINKAGES,
                DELEGATE_LINKAGES.PHYSICIAN_USER_ID.eq(otherPhysician.userId())).getIsActive()).isTrue();
        String fresh = fixture.signIn(delegate);
        assertThat(fixture.actingContexts().physiciansServed(fixture.context(fresh)))
                .extracting(PhysicianServed::physicianUserId).containsExactly(otherPhysician.userId());
        assertThat(fixture.audits("delegate.revoked")).singleElement().satisfies(entry -> {
            assertThat(entry.getResourceId()).isEqualTo(accepted.linkageId());
            assertThat(entry.getDetail().data()).contains("\"revoked_sessions\": 2");
        });
    }

    @Test
    void suspendedPhysicianCanRemoveButNotGrant() {
        AcceptedInvitation accepted = fixture.newDelegate(scope, EMAIL, List.of("CLAIM_VIEW"));
        iam.db().update(USERS).set(USERS.SUBSCRIPTION_STATUS, SubscriptionStatus.SUSPENDED.name())
                .where(USERS.USER_ID.eq(physician.userId())).execute();
        PhysicianScope suspended = fixture.scope(physician);

        assertThatThrownBy(() -> linkages.updatePermissions(suspended, accepted.linkageId(), List.of("CLAIM_EDIT"),
                null, TestIam.REQUEST))
                .isInstanceOf(ForbiddenException.class)
                .hasMessage(PermissionCheck.ACCOUNT_ONLY_SUBSCRIPTION);
        assertThat(linkages.listDelegates(suspended)).hasSize(1);
        linkages.remove(suspended, accepted.linkageId(), TestIam.REQUEST);
        assertThat(linkages.listDelegates(suspended).get(0).active()).isFalse();
    }
}
