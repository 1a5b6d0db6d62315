package org.billing.iam.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.billing.iam.schema.jooq.Tables.ACCOUNT_DELETIONS;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;
import static org.billing.iam.schema.jooq.Tables.DELEGATE_LINKAGES;
import static org.billing.iam.schema.jooq.Tables.SESSIONS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.UnauthorizedException;
import org.billing.iam.core.error.ValidationException;
import org.billing.iam.core.mfa.MfaAttempts;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.session.NewSession;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountDeletionServiceTest {

    private final TestIam iam = TestIam.start(4);
    private final AccountDeletionService deletion = iam.core().lifecycle().accountDeletion();
    private final TestUser physician = iam.user().withMfa().create();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void deletionDeactivatesAndSchedulesRemoval() {
        NewSession session = iam.core().sessions().create(physician.userId(), TestIam.REQUEST);
        TestUser delegate = iam.user().role(Role.DELEGATE).create();
        UUID linkage = link(physician.userId(), delegate.userId());

        OffsetDateTime scheduled = delete(physician.totpCode(iam.clock()));

        OffsetDateTime expected = Timestamps.now(iam.clock()).plusDays(30);
        assertThat(scheduled).isEqualTo(expected);
        assertThat(stored().getIsActive()).isFalse();
        assertThat(iam.db().select(ACCOUNT_DELETIONS.SCHEDULED_FOR).from(ACCOUNT_DELETIONS)
                .where(ACCOUNT_DELETIONS.USER_ID.eq(physician.userId())).fetchSingle().value1()).isEqualTo(expected);
        assertThat(iam.core().sessions().validate(session.token())).isEmpty();
        assertThat(iam.db().select(SESSIONS.REVOKED_REASON).from(SESSIONS).fetchSingle().value1())
                .isEqualTo("account_deleted");
        assertThat(iam.db().select(DELEGATE_LINKAGES.IS_ACTIVE).from(DELEGATE_LINKAGES)
                .where(DELEGATE_LINKAGES.LINKAGE_ID.eq(linkage)).fetchSingle().value1()).isFalse();
        assertThat(iam.db().fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("account.deletion_requested")
                .and(AUDIT_LOG.USER_ID.eq(physician.userId())))).isEqualTo(1);
    }

    @Test
    void otherPhysiciansLinkagesUntouched() {
        TestUser delegate = iam.user().role(Role.DELEGATE).create();
        TestUser otherPhysician = iam.user().create();
        UUID otherLinkage = link(otherPhysician.userId(), delegate.userId());

        delete(physician.totpCode(iam.clock()));

        assertThat(iam.db().select(DELEGATE_LINKAGES.IS_ACTIVE).from(DELEGATE_LINKAGES)
                .where(DELEGATE_LINKAGES.LINKAGE_ID.eq(otherLinkage)).fetchSingle().value1()).isTrue();
    }

    @Test
    void deletedAccountCannotSignIn() {
        delete(physician.totpCode(iam.clock()));

        assertThatThrownBy(() -> iam.core().login().login(physician.email(), physician.password(), TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class);
    }

    @Test
    void wrongConfirmationRejectedFirst() {
        for (String confirmation : new String[] {null, "delete", "DELETE ", "yes"}) {
            assertThatThrownBy(() -> deletion.deleteAccount(physician.userId(), physician.password(),
                    physician.totpCode(iam.clock()), confirmation, TestIam.REQUEST))
                    .isInstanceOf(ValidationException.class)
                    .extracting("field").isEqualTo("confirmation");
        }
        assertThat(stored().getIsActive()).isTrue();
    }

    @Test
    void wrongPasswordRejectedAndCounted() {
        assertThatThrownBy(() -> deletion.deleteAccount(physician.userId(), "Wrong-password-1",
                physician.totpCode(iam.clock()), "DELETE", TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(AccountDeletionService.INVALID_PASSWORD);

        assertThat(stored().getIsActive()).isTrue();
        assertThat(stored().getFailedLoginCount()).isEqualTo(1);
        assertThat(iam.db().fetchCount(ACCOUNT_DELETIONS)).isZero();
        delete(physician.totpCode(iam.clock()));
    }

    @Test
    void wrongCodeRejectedAndCounted() {
        assertThatThrownBy(() -> delete(physician.totpCode(iam.clock(), 5)))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(MfaAttempts.INVALID_CODE);

        assertThat(stored().getIsActive()).isTrue();
        assertThat(stored().getFailedLoginCount()).isEqualTo(1);
    }

    @Test
    void lockedAccountCannotDelete() {
        iam.db().update(USERS).set(USERS.LOCKED_UNTIL, Timestamps.now(iam.clock()).plusMinutes(30)).execute();

        assertThatThrownBy(() -> delete(physician.totpCode(iam.clock())))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(AccountDeletionService.INVALID_PASSWORD);
        assertThat(stored().getIsActive()).isTrue();
    }

    @Test
    void secondDeletionRejected() {
        delete(physician.totpCode(iam.clock()));

        assertThatThrownBy(() -> delete(physician.totpCode(iam.clock(), 1)))
                .isInstanceOf(UnauthorizedException.class);
    }

    private OffsetDateTime delete(String totpCode) {
        return deletion.deleteAccount(physician.userId(), physician.password(), totpCode, "DELETE", TestIam.REQUEST);
    }

    private UUID link(UUID physicianId, UUID delegateId) {
        return iam.db().insertInto(DELEGATE_LINKAGES)
                .set(DELEGATE_LINKAGES.PHYSICIAN_USER_ID, physicianId)
                .set(DELEGATE_LINKAGES.DELEGATE_USER_ID, delegateId)
                .set(DELEGATE_LINKAGES.PERMISSIONS, JSONB.jsonb("[\"CLAIM_VIEW\"]"))
                .returning(DELEGATE_LINKAGES.LINKAGE_ID)
                .fetchSingle(DELEGATE_LINKAGES.LINKAGE_ID);
    }

    private UsersRecord stored() {
        return iam.db().selectFrom(USERS).where(USERS.USER_ID.eq(physician.userId())).fetchSingle();
    }
}
