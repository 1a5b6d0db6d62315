package org.billing.iam.core.delegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.billing.iam.schema.jooq.Tables.INVITATION_TOKENS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.context.PermissionCheck;
import org.billing.iam.core.crypto.Sha256;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.ForbiddenException;
import org.billing.iam.core.error.ValidationException;
import org.billing.iam.core.mail.EmailMessage;
import org.billing.iam.core.mail.MailException;
import org.billing.iam.core.permission.Permission;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.billing.iam.schema.jooq.tables.records.AuditLogRecord;
import org.billing.iam.schema.jooq.tables.records.InvitationTokensRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DelegateInvitationTest {

    private final TestIam iam = TestIam.start(8);
    private final DelegateFixture fixture = new DelegateFixture(iam);
    private final InvitationService invitations = fixture.invitations();
    private final TestUser physician = fixture.physician();
    private final PhysicianScope scope = fixture.scope(physician);

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void inviteStoresOnlyTokenHashAndEmailsLink() {
        InvitationSent sent = invitations.invite(scope, "anna@example.org", DelegateFixture.CLAIM_KEYS, null,
                TestIam.REQUEST);

        EmailMessage email = iam.mailer().last();
        String token = fixture.lastToken();
        InvitationTokensRecord row = iam.db().fetchSingle(INVITATION_TOKENS,
                INVITATION_TOKENS.INVITATION_ID.eq(sent.invitationId()));
        assertThat(email.to()).isEqualTo("anna@example.org");
        assertThat(email.textBody()).contains(TestIam.PUBLIC_URL + "/delegates/accept?token=" + token);
        assertThat(token).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(row.getTokenHash()).isEqualTo(Sha256.hex(token));
        assertThat(row.getPhysicianUserId()).isEqualTo(physician.userId());
        assertThat(row.getAccepted()).isFalse();
        assertThat(row.getCreatedAt()).isEqualTo(Timestamps.now(iam.clock()));
        assertThat(row.getExpiresAt()).isEqualTo(row.getCreatedAt().plusHours(72));
        assertThat(sent.expiresAt()).isEqualTo(row.getExpiresAt());
        assertThat(sent.toString()).doesNotContain(token);
        assertThat(dumpEveryTable()).doesNotContain(token);
    }

    @Test
    void inviteAuditsWithoutToken() {
        InvitationSent sent = invitations.invite(scope, "anna@example.org", DelegateFixture.CLAIM_KEYS, null,
                TestIam.REQUEST);

        List<AuditLogRecord> entries = fixture.audits("delegate.invited");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).getUserId()).isEqualTo(physician.userId());
        assertThat(entries.get(0).getResourceId()).isEqualTo(sent.invitationId());
        assertThat(entries.get(0).getDetail().data()).contains("CLAIM_EDIT", "anna@example.org");
        assertThat(entries.get(0).getDetail().data()).doesNotContain(fixture.lastToken());
    }

    @Test
    void inviteTrimsAndLowerCasesEmail() {
        invitations.invite(scope, "  Anna.Smith@Example.ORG ", DelegateFixture.CLAIM_KEYS, null, TestIam.REQUEST);

        assertThat(iam.mailer().last().to()).isEqualTo("anna.smith@example.org");
        assertThat(invitations.listPending(scope)).extracting(PendingInvitation::email)
                .containsExactly("anna.smith@example.org");
    }

    @Test
    void inviteRejectsInvalidEmail() {
        ValidationException error = catchThrowableOfType(ValidationException.class,
                () -> invitations.invite(scope, "not-an-email", DelegateFixture.CLAIM_KEYS, null, TestIam.REQUEST));

        assertThat(error.field()).isEqualTo("email");
    }

    @Test
    void unknownKeysRejectedByName() {
        ValidationException error = catchThrowableOfType(ValidationException.class,
                () -> invitations.invite(scope, "anna@example.org", List.of("CLAIM_VIEW", "FOO", "claim_edit"), null,
                        TestIam.REQUEST));

        assertThat(error.field()).isEqualTo("permissions");
        assertThat(error.getMessage()).contains("FOO", "claim_edit");
        assertThat(iam.mailer().sent()).isEmpty();
    }

    @Test
    void emptyPermissionSetRejected() {
        List<List<String>> emptySets = new ArrayList<>();
        emptySets.add(List.of());
        emptySets.add(null);
        for (List<String> keys : emptySets) {
            ValidationException error = catchThrowableOfType(ValidationException.class,
                    () -> invitations.invite(scope, "anna@example.org", keys, null, TestIam.REQUEST));
            assertThat(error.field()).isEqualTo("permissions");
        }
        assertThat(iam.db().fetchCount(INVITATION_TOKENS)).isZero();
    }

    @Test
    void delegateForbiddenKeysRejectedByName() {
        for (Permission forbidden : Permission.DELEGATE_FORBIDDEN) {
            assertThatThrownBy(() -> invitations.invite(scope, "anna@example.org",
                    List.of("CLAIM_VIEW", forbidden.key()), null, TestIam.REQUEST))
                    .isInstanceOf(BusinessRuleException.class)
                    .hasMessageContaining(forbidden.key())
                    .hasMessageNotContaining("CLAIM_VIEW");
        }
        assertThatThrownBy(() -> invitations.invite(scope, "anna@example.org",
                List.of("DATA_EXPORT", "AUDIT_VIEW", "PRACTICE_SEAT_VIEW", "ADMIN_PHI_ACCESS"), null, TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessageContainingAll("DATA_EXPORT", "AUDIT_VIEW", "PRACTICE_SEAT_VIEW", "ADMIN_PHI_ACCESS");
        assertThat(iam.db().fetchCount(INVITATION_TOKENS)).isZero();
    }

    @Test
    void batchApprovalFlagMustMatchKey() {
        ValidationException withoutKey = catchThrowableOfType(ValidationException.class,
                () -> invitations.invite(scope, "anna@example.org", List.of("BATCH_VIEW"), true, TestIam.REQUEST));
        ValidationException withKey = catchThrowableOfType(ValidationException.class,
                () -> invitations.invite(scope, "anna@example.org", List.of("BATCH_VIEW", "BATCH_APPROVE"), false,
                        TestIam.REQUEST));

        assertThat(withoutKey.field()).isEqualTo("can_approve_batches");
        assertThat(withKey.field()).isEqualTo("can_approve_batches");
        invitations.invite(scope, "anna@example.org", List.of("BATCH_VIEW", "BATCH_APPROVE"), true, TestIam.REQUEST);
        assertThat(invitations.listPending(scope).get(0).permissions())
                .containsExactlyInAnyOrder(Permission.BATCH_VIEW, Permission.BATCH_APPROVE);
    }

    @Test
    void activeDelegateCannotBeInvitedAgain() {
        fixture.newDelegate(scope, "anna@example.org", DelegateFixture.CLAIM_KEYS);

        assertThatThrownBy(() -> invitations.invite(scope, "ANNA@example.org", List.of("PATIENT_VIEW"), null,
                TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(InvitationService.ALREADY_DELEGATE);
    }

    @Test
    void ownEmailCannotBeInvited() {
        assertThatThrownBy(() -> invitations.invite(scope, physician.email().toUpperCase(Locale.ROOT),
                DelegateFixture.CLAIM_KEYS, null, TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(InvitationService.SELF_INVITATION);
    }

    @Test
    void invitingAgainReplacesPendingInvitation() {
        String oldToken = fixture.invite(scope, "anna@example.org", List.of("CLAIM_VIEW"));
        UUID firstId = invitations.listPending(scope).get(0).invitationId();
        iam.clock().advance(Duration.ofHours(1));

        InvitationSent second = invitations.invite(scope, "anna@example.org", List.of("PATIENT_VIEW"), null,
                TestIam.REQUEST);

        List<PendingInvitation> pending = invitations.listPending(scope);
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).invitationId()).isEqualTo(firstId).isEqualTo(second.invitationId());
        assertThat(pending.get(0).permissions()).containsExactly(Permission.PATIENT_VIEW);
        assertThat(pending.get(0).createdAt()).isEqualTo(Timestamps.now(iam.clock()));
        assertThatThrownBy(() -> fixture.acceptance().accept(oldToken, "Anna", DelegateFixture.NEW_PASSWORD, null,
                TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(AcceptanceService.REPLACED);
    }

    @Test
    void concurrentInvitesLeaveOneOpenInvitation() throws Exception {
        int threads = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<InvitationSent>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return invitations.invite(scope, "anna@example.org", List.of("CLAIM_VIEW"), null, TestIam.REQUEST);
                }));
            }
            start.countDown();
            for (Future<InvitationSent> result : results) {
                result.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(iam.db().fetchCount(INVITATION_TOKENS)).isEqualTo(1);
        assertThat(invitations.listPending(scope)).hasSize(1);
        assertThat(iam.mailer().sent()).hasSize(threads);
    }

    @Test
    void listPendingShowsOnlyOwnOpenInvitations() {
        PhysicianScope other = fixture.scope(fixture.physician());
        fixture.invite(other, "elsewhere@example.org", List.of("CLAIM_VIEW"));
        fixture.newDelegate(scope, "accepted@example.org", List.of("CLAIM_VIEW"));
        InvitationSent withdrawn = invitations.invite(scope, "withdrawn@example.org", List.of("CLAIM_VIEW"), null,
                TestIam.REQUEST);
        invitations.withdraw(scope, withdrawn.invitationId(), TestIam.REQUEST);
        InvitationSent open = invitations.invite(scope, "open@example.org", List.of("REPORT_VIEW", "CLAIM_VIEW"), null,
                TestIam.REQUEST);

        List<PendingInvitation> pending = invitations.listPending(scope);

        assertThat(pending).hasSize(1);
        PendingInvitation invitation = pending.get(0);
        assertThat(invitation.invitationId()).isEqualTo(open.invitationId());
        assertThat(invitation.email()).isEqualTo("open@example.org");
        assertThat(invitation.permissions()).containsExactlyInAnyOrder(Permission.REPORT_VIEW, Permission.CLAIM_VIEW);
        assertThat(invitation.createdAt()).isEqualTo(Timestamps.now(iam.clock()));
        assertThat(invitation.expiresAt()).isEqualTo(open.expiresAt());
        assertThat(invitation.expired()).isFalse();
    }

    @Test
    void listPendingMarksExpiredInvitations() {
        fixture.invite(scope, "anna@example.org", List.of("CLAIM_VIEW"));
        iam.clock().advance(InvitationService.LIFETIME);

        assertThat(invitations.listPending(scope)).singleElement()
                .satisfies(invitation -> assertThat(invitation.expired()).isTrue());
    }

    @Test
    void withdrawnLinkStopsWorking() {
        String token = fixture.invite(scope, "anna@example.org", List.of("CLAIM_VIEW"));
        UUID invitationId = invitations.listPending(scope).get(0).invitationId();

        invitations.withdraw(scope, invitationId, TestIam.REQUEST);

        assertThatThrownBy(() -> fixture.acceptance().accept(token, "Anna", DelegateFixture.NEW_PASSWORD, null,
                TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(AcceptanceService.WITHDRAWN);
        assertThatThrownBy(() -> invitations.withdraw(scope, invitationId, TestIam.REQUEST))
                .hasMessage(InvitationService.INVITATION_NOT_FOUND);
        assertThat(fixture.audits("delegate.revoked")).singleElement()
                .satisfies(entry -> assertThat(entry.getResourceType()).isEqualTo("invitation"));
    }

    @Test
    void otherPhysiciansInvitationAnsweredAsUnknown() {
        String token = fixture.invite(scope, "anna@example.org", List.of("CLAIM_VIEW"));
        UUID invitationId = invitations.listPending(scope).get(0).invitationId();
        PhysicianScope intruder = fixture.scope(fixture.physician());

        BusinessRuleException unknownWithdraw = catchThrowableOfType(BusinessRuleException.class,
                () -> invitations.withdraw(intruder, DelegateFixture.unknownId(), TestIam.REQUEST));
        BusinessRuleException foreignWithdraw = catchThrowableOfType(BusinessRuleException.class,
                () -> invitations.withdraw(intruder, invitationId, TestIam.REQUEST));
        BusinessRuleException unknownResend = catchThrowableOfType(BusinessRuleException.class,
                () -> invitations.resend(intruder, DelegateFixture.unknownId(), TestIam.REQUEST));
        BusinessRuleException foreignResend = catchThrowableOfType(BusinessRuleException.class,
                () -> invitations.resend(intruder, invitationId, TestIam.REQUEST));

        assertThat(foreignWithdraw.getMessage()).isEqualTo(unknownWithdraw.getMessage());
        assertThat(foreignResend.getMessage()).isEqualTo(unknownResend.getMessage());
        assertThat(invitations.listPending(intruder)).isEmpty();
        assertThat(fixture.acceptance().accept(token, "Anna", DelegateFixture.NEW_PASSWORD, null, TestIam.REQUEST)
                .physicianUserId()).isEqualTo(physician.userId());
    }

    @Test
    void resendIssuesNewLinkAndKillsOldOne() {
        String oldToken = fixture.invite(scope, "anna@example.org", List.of("CLAIM_VIEW"));
        PendingInvitation before = invitations.listPending(scope).get(0);
        iam.clock().advance(Duration.ofHours(80));

        InvitationSent resent = invitations.resend(scope, before.invitationId(), TestIam.REQUEST);

        String newToken = fixture.lastToken();
        assertThat(newToken).isNotEqualTo(oldToken);
        assertThat(resent.invitationId()).isEqualTo(before.invitationId());
        assertThat(resent.expiresAt()).isEqualTo(Timestamps.now(iam.clock()).plusHours(72));
        assertThat(invitations.listPending(scope).get(0).createdAt()).isEqualTo(before.createdAt());
        assertThatThrownBy(() -> fixture.acceptance().accept(oldToken, "Anna", DelegateFixture.NEW_PASSWORD, null,
                TestIam.REQUEST))
                .hasMessage(AcceptanceService.REPLACED);
        assertThat(fixture.acceptance().accept(newToken, "Anna", DelegateFixture.NEW_PASSWORD, null, TestIam.REQUEST)
                .accountCreated()).isTrue();
    }

    @Test
    void failedResendEmailKeepsOldLink() {
        String oldToken = fixture.invite(scope, "anna@example.org", List.of("CLAIM_VIEW"));
        UUID invitationId = invitations.listPending(scope).get(0).invitationId();
        iam.mailer().setFailing(true);

        assertThatThrownBy(() -> invitations.resend(scope, invitationId, TestIam.REQUEST))
                .isInstanceOf(MailException.class);

        iam.mailer().setFailing(false);
        assertThat(fixture.acceptance().accept(oldToken, "Anna", DelegateFixture.NEW_PASSWORD, null, TestIam.REQUEST)
                .accountCreated()).isTrue();
    }

    @Test
    void onlyPhysiciansAndAdminsManageDelegates() {
        AuthContext practiceAdmin = fixture.signedInContext(iam.user().role(Role.PRACTICE_ADMIN).create());
        AuthContext delegate = fixture.signedInContext(iam.user().role(Role.DELEGATE).create());
        AuthContext otherPhysician = fixture.signedInContext(fixture.physician());

        assertThatThrownBy(() -> PhysicianScope.of(practiceAdmin)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> PhysicianScope.of(delegate, physician.userId()))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> PhysicianScope.of(otherPhysician, physician.userId()))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void adminInvitesForNamedPhysician() {
        TestUser admin = iam.user().role(Role.ADMIN).create();
        AuthContext adminContext = fixture.signedInContext(admin);

        InvitationSent sent = invitations.invite(PhysicianScope.of(adminContext, physician.userId()),
                "anna@example.org", List.of("CLAIM_VIEW"), null, TestIam.REQUEST);

        assertThat(invitations.listPending(scope)).extracting(PendingInvitation::invitationId)
                .containsExactly(sent.invitationId());
        assertThat(fixture.audits("delegate.invited").get(0).getUserId()).isEqualTo(admin.userId());
        assertThat(fixture.audits("delegate.invited").get(0).getDetail().data()).contains(physician.userId().toString());
        assertThatThrownBy(() -> PhysicianScope.of(adminContext)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> invitations.invite(PhysicianScope.of(adminContext, admin.userId()),
                "bob@example.org", List.of("CLAIM_VIEW"), null, TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(InvitationService.PHYSICIAN_NOT_FOUND);
    }

    @Test
    void pastDuePhysicianCannotInviteButCanWithdraw() {
        InvitationSent sent = invitations.invite(scope, "anna@example.org", List.of("CLAIM_VIEW"), null,
                TestIam.REQUEST);
        iam.db().update(USERS)
                .set(USERS.SUBSCRIPTION_STATUS, SubscriptionStatus.PAST_DUE.name())
                .where(USERS.USER_ID.eq(physician.userId()))
                .execute();
        PhysicianScope pastDue = fixture.scope(physician);

        assertThatThrownBy(() -> invitations.invite(pastDue, "bob@example.org", List.of("CLAIM_VIEW"), null,
                TestIam.REQUEST))
                .isInstanceOf(ForbiddenException.class)
                .hasMessage(PermissionCheck.READ_ONLY_SUBSCRIPTION);
        assertThatThrownBy(() -> invitations.resend(pastDue, sent.invitationId(), TestIam.REQUEST))
                .isInstanceOf(ForbiddenException.class);
        assertThat(invitations.listPending(pastDue)).hasSize(1);
        invitations.withdraw(pastDue, sent.invitationId(), TestIam.REQUEST);
        assertThat(invitations.listPending(pastDue)).isEmpty();
    }

    private String dumpEveryTable() {
        StringBuilder dump = new StringBuilder();
        Set<String> tables = Set.copyOf(iam.db().fetchValues(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                        + " AND table_type = 'BASE TABLE'").stream().map(String::valueOf).toList());
        for (String table : tables) {
            for (Object row : iam.db().fetchValues("SELECT t::text FROM \"" + table + "\" t")) {
                dump.append(table).append(' ').append(row).append('\n');
            }
        }
        return dump.toString();
    }
}
