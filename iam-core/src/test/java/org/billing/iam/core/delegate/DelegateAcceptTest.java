package org.billing.iam.core.delegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.billing.iam.schema.jooq.Tables.DELEGATE_LINKAGES;
import static org.billing.iam.schema.jooq.Tables.INVITATION_TOKENS;
import static org.billing.iam.schema.jooq.Tables.RETIRED_INVITATION_TOKENS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.billing.iam.core.auth.LoginService;
import org.billing.iam.core.crypto.Sha256;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.ValidationException;
import org.billing.iam.core.mfa.MfaSetup;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.billing.iam.schema.jooq.tables.records.DelegateLinkagesRecord;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DelegateAcceptTest {

    private static final String EMAIL = "dana@example.org";

    private final TestIam iam = TestIam.start(24);
    private final DelegateFixture fixture = new DelegateFixture(iam);
    private final AcceptanceService acceptance = fixture.acceptance();
    private final TestUser physician = fixture.physician();
    private final PhysicianScope scope = fixture.scope(physician);

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void newEmailCreatesVerifiedDelegate() {
        String token = fixture.invite(scope, EMAIL, List.of("BATCH_VIEW", "BATCH_APPROVE", "CLAIM_VIEW"));

        AcceptedInvitation accepted = acceptance.accept(token, "  Dana Delegate ", DelegateFixture.NEW_PASSWORD,
                null, TestIam.REQUEST);

        UsersRecord user = iam.db().fetchSingle(USERS, USERS.USER_ID.eq(accepted.delegateUserId()));
        assertThat(accepted.accountCreated()).isTrue();
        assertThat(accepted.physicianUserId()).isEqualTo(physician.userId());
        assertThat(user.getEmail()).isEqualTo(EMAIL);
        assertThat(user.getFullName()).isEqualTo("Dana Delegate");
        assertThat(user.getRole()).isEqualTo(Role.DELEGATE.name());
        assertThat(user.getEmailVerified()).isTrue();
        assertThat(user.getMfaConfigured()).isFalse();
        assertThat(iam.hasher().verify(user.getPasswordHash(), DelegateFixture.NEW_PASSWORD)).isTrue();

        DelegateLinkagesRecord linkage = iam.db().fetchSingle(DELEGATE_LINKAGES,
                DELEGATE_LINKAGES.LINKAGE_ID.eq(accepted.linkageId()));
        assertThat(linkage.getDelegateUserId()).isEqualTo(user.getUserId());
        assertThat(linkage.getPhysicianUserId()).isEqualTo(physician.userId());
        assertThat(linkage.getIsActive()).isTrue();
        assertThat(linkage.getCanApproveBatches()).isTrue();
        assertThat(linkage.getPermissions().data()).contains("BATCH_APPROVE", "BATCH_VIEW", "CLAIM_VIEW");
        assertThat(iam.db().fetchSingle(INVITATION_TOKENS).getAccepted()).isTrue();
    }

    @Test
    void newAccountContinuesWithMfaEnrolment() {
        String token = fixture.invite(scope, EMAIL, List.of("CLAIM_VIEW"));

        AcceptedInvitation accepted = acceptance.accept(token, "Dana", DelegateFixture.NEW_PASSWORD, null,
                TestIam.REQUEST);

        MfaSetup setup = iam.core().mfaEnrolment().setup(accepted.mfaSetupToken());
        assertThat(setup.manualKey()).isNotBlank();
        assertThat(accepted.toString()).doesNotContain(accepted.mfaSetupToken());
        assertThat(iam.core().login().login(EMAIL, DelegateFixture.NEW_PASSWORD, TestIam.REQUEST).mfaSetupRequired())
                .isTrue();
    }

    @Test
    void acceptanceIsAudited() {
        String token = fixture.invite(scope, EMAIL, List.of("CLAIM_VIEW"));

        AcceptedInvitation accepted = acceptance.accept(token, "Dana", DelegateFixture.NEW_PASSWORD, null,
                TestIam.REQUEST);

        assertThat(fixture.audits("delegate.accepted")).singleElement().satisfies(entry -> {
            assertThat(entry.getUserId()).isEqualTo(accepted.delegateUserId());
            assertThat(entry.getResourceId()).isEqualTo(accepted.linkageId());
            assertThat(entry.getDetail().data()).contains(physician.userId().toString(), "created");
            assertThat(entry.getDetail().data()).doesNotContain(token);
        });
        assertThat(fixture.audits("auth.registered")).hasSize(1);
    }

    @Test
    void newAccountNeedsNameAndStrongPassword() {
        String token = fixture.invite(scope, EMAIL, List.of("CLAIM_VIEW"));

        ValidationException noName = catchThrowableOfType(ValidationException.class,
                () -> acceptance.accept(token, " ", DelegateFixture.NEW_PASSWORD, null, TestIam.REQUEST));
        ValidationException weak = catchThrowableOfType(ValidationException.class,
                () -> acceptance.accept(token, "Dana", "short", null, TestIam.REQUEST));
        ValidationException noPassword = catchThrowableOfType(ValidationException.class,
                () -> acceptance.accept(token, "Dana", null, null, TestIam.REQUEST));

        assertThat(noName.field()).isEqualTo("full_name");
        assertThat(weak.field()).isEqualTo("password");
        assertThat(noPassword.field()).isEqualTo("password");
        assertThat(acceptance.accept(token, "Dana", DelegateFixture.NEW_PASSWORD, null, TestIam.REQUEST)
                .accountCreated()).isTrue();
    }

    @Test
    void failedLinksGetDistinctMessages() {
        String expired = fixture.invite(scope, "expired@example.org", List.of("CLAIM_VIEW"));
        iam.clock().advance(InvitationService.LIFETIME);
        String withdrawn = fixture.invite(scope, "withdrawn@example.org", List.of("CLAIM_VIEW"));
        fixture.invitations().withdraw(scope, pendingId("withdrawn@example.org"), TestIam.REQUEST);
        String used = fixture.invite(scope, "used@example.org", List.of("CLAIM_VIEW"));
        acceptance.accept(used, "Used", DelegateFixture.NEW_PASSWORD, null, TestIam.REQUEST);
        String replaced = fixture.invite(scope, "replaced@example.org", List.of("CLAIM_VIEW"));
        fixture.invitations().resend(scope, pendingId("replaced@example.org"), TestIam.REQUEST);

        Map<String, String> messages = Map.of(
                expired, AcceptanceService.EXPIRED,
                withdrawn, AcceptanceService.WITHDRAWN,
                used, AcceptanceService.ALREADY_ACCEPTED,
                replaced, AcceptanceService.REPLACED,
                UUID.randomUUID().toString(), AcceptanceService.INVALID,
                "not-a-token", AcceptanceService.INVALID);
        for (Map.Entry<String, String> entry : messages.entrySet()) {
            assertThatThrownBy(() -> acceptance.accept(entry.getKey(), "Dana", DelegateFixture.NEW_PASSWORD, null,
                    TestIam.REQUEST))
                    .as(entry.getValue())
                    .isInstanceOf(BusinessRuleException.class)
                    .hasMessage(entry.getValue());
        }
        assertThat(messages.values().stream().distinct()).hasSize(5);
    }

    @Test
    void linkExpiresAfterSeventyTwoHours() {
        String early = fixture.invite(scope, EMAIL, List.of("CLAIM_VIEW"));
        String late = fixture.invite(scope, "late@example.org", List.of("CLAIM_VIEW"));
        iam.clock().advance(InvitationService.LIFETIME.minus(Duration.ofSeconds(1)));

        assertThat(acceptance.accept(early, "Dana", DelegateFixture.NEW_PASSWORD, null, TestIam.REQUEST)
                .accountCreated()).isTrue();
        iam.clock().advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> acceptance.accept(late, "Lee", DelegateFixture.NEW_PASSWORD, null, TestIam.REQUEST))
                .hasMessage(AcceptanceService.EXPIRED);
    }

    @Test
    void twentyRacingAcceptsCreateOneLinkage() throws Exception {
        String token = fixture.invite(scope, EMAIL, List.of("CLAIM_VIEW"));
        int threads = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Object> outcomes = new ArrayList<>();
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        return acceptance.accept(token, "Dana", DelegateFixture.NEW_PASSWORD, null, TestIam.REQUEST);
                    } catch (BusinessRuleException e) {
                        return e.getMessage();
                    }
                }));
            }
            start.countDown();
            for (Future<Object> result : results) {
                outcomes.add(result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        Map<Object, Long> counts = outcomes.stream()
                .collect(Collectors.groupingBy(outcome -> outcome instanceof AcceptedInvitation ? "accepted" : outcome,
                        Collectors.counting()));
        assertThat(counts).containsEntry("accepted", 1L);
        assertThat(counts).containsEntry(AcceptanceService.ALREADY_ACCEPTED, 19L);
        assertThat(iam.db().fetchCount(DELEGATE_LINKAGES)).isEqualTo(1);
        assertThat(iam.db().fetchCount(USERS, USERS.EMAIL.eq(EMAIL))).isEqualTo(1);
        assertThat(fixture.audits("delegate.accepted")).hasSize(1);
    }

    @Test
    void acceptWaitingOnConsumedRowFails() throws Exception {
        String token = fixture.invite(scope, EMAIL, List.of("CLAIM_VIEW"));

        Object outcome = acceptWhileRowLocked(token, transaction -> transaction.update(INVITATION_TOKENS)
                .set(INVITATION_TOKENS.ACCEPTED, true)
                .execute());

        assertThat(outcome).isEqualTo(AcceptanceService.ALREADY_ACCEPTED);
        assertThat(iam.db().fetchCount(DELEGATE_LINKAGES)).isZero();
        assertThat(iam.db().fetchCount(USERS, USERS.EMAIL.eq(EMAIL))).isZero();
    }

    @Test
    void acceptWaitingOnWithdrawalFails() throws Exception {
        String token = fixture.invite(scope, EMAIL, List.of("CLAIM_VIEW"));
        UUID invitationId = pendingId(EMAIL);

        // The same two writes as InvitationService.withdraw, held open while the accept runs.
        Object outcome = acceptWhileRowLocked(token, transaction -> {
            transaction.insertInto(RETIRED_INVITATION_TOKENS)
                    .set(RETIRED_INVITATION_TOKENS.TOKEN_HASH, Sha256.hex(token))
                    .set(RETIRED_INVITATION_TOKENS.INVITATION_ID, invitationId)
                    .set(RETIRED_INVITATION_TOKENS.REASON, "withdrawn")
                    .execute();
            return transaction.update(INVITATION_TOKENS)
                    .set(INVITATION_TOKENS.TOKEN_HASH, "retired:" + UUID.randomUUID())
                    .execute();
        });

        assertThat(outcome).isEqualTo(AcceptanceService.WITHDRAWN);
        assertThat(iam.db().fetchCount(DELEGATE_LINKAGES)).isZero();
    }

    @Test
    void signedInDelegateLinksWithoutPassword() {
        TestUser delegate = existingDelegate();
        String token = fixture.invite(scope, EMAIL, List.of("PATIENT_VIEW"));

        AcceptedInvitation accepted = acceptance.accept(token, null, null, delegate.userId(), TestIam.REQUEST);

        assertThat(accepted.accountCreated()).isFalse();
        assertThat(accepted.mfaSetupToken()).isNull();
        assertThat(accepted.delegateUserId()).isEqualTo(delegate.userId());
        assertThat(iam.db().fetchCount(DELEGATE_LINKAGES, DELEGATE_LINKAGES.DELEGATE_USER_ID.eq(delegate.userId())))
                .isEqualTo(2);
        assertThat(fixture.audits("delegate.accepted").get(1).getDetail().data()).contains("linked");
    }

    @Test
    void existingDelegateLinksWithCorrectPassword() {
        TestUser delegate = existingDelegate();
        String token = fixture.invite(scope, EMAIL, List.of("PATIENT_VIEW"));

        AcceptedInvitation accepted = acceptance.accept(token, null, DelegateFixture.NEW_PASSWORD, null,
                TestIam.REQUEST);

        assertThat(accepted.delegateUserId()).isEqualTo(delegate.userId());
        assertThat(accepted.accountCreated()).isFalse();
    }

    @Test
    void existingDelegateNeedsProofOfOwnership() {
        existingDelegate();
        TestUser stranger = iam.user().role(Role.DELEGATE).create();
        String token = fixture.invite(scope, EMAIL, List.of("PATIENT_VIEW"));

        assertThatThrownBy(() -> acceptance.accept(token, "Mallory", "Another-Passw0rd!", null, TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(LoginService.INVALID_CREDENTIALS);
        assertThatThrownBy(() -> acceptance.accept(token, null, null, null, TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(AcceptanceService.OWNERSHIP_REQUIRED);
        assertThatThrownBy(() -> acceptance.accept(token, null, null, stranger.userId(), TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(AcceptanceService.OWNERSHIP_REQUIRED);
        assertThat(iam.db().fetchSingle(INVITATION_TOKENS, INVITATION_TOKENS.PHYSICIAN_USER_ID.eq(physician.userId()))
                .getAccepted()).isFalse();
    }

    @Test
    void wrongPasswordCountsAsFailedLogin() {
        TestUser delegate = existingDelegate();
        String token = fixture.invite(scope, EMAIL, List.of("PATIENT_VIEW"));

        assertThatThrownBy(() -> acceptance.accept(token, null, "Wrong-Passw0rd!", null, TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class);

        UsersRecord user = iam.db().fetchSingle(USERS, USERS.USER_ID.eq(delegate.userId()));
        assertThat(user.getFailedLoginCount()).isEqualTo(1);
        assertThat(fixture.audits("auth.login_failed")).singleElement()
                .satisfies(entry -> assertThat(entry.getUserId()).isEqualTo(delegate.userId()));
    }

    @Test
    void nonDelegateAccountCannotAccept() {
        TestUser otherPhysician = iam.user().email("doctor@example.org").create();
        String token = fixture.invite(scope, "Doctor@Example.org", List.of("CLAIM_VIEW"));

        assertThatThrownBy(() -> acceptance.accept(token, null, otherPhysician.password(), otherPhysician.userId(),
                TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(AcceptanceService.NOT_A_DELEGATE_ACCOUNT);
        assertThat(iam.db().fetchCount(DELEGATE_LINKAGES)).isZero();
    }

    @Test
    void invitedEmailMatchesAccountIgnoringCase() {
        TestUser delegate = existingDelegate();
        String token = fixture.invite(scope, " DANA@example.org ", List.of("PATIENT_VIEW"));
        // Another writer of the shared table may have stored the address with capitals.
        iam.db().update(INVITATION_TOKENS).set(INVITATION_TOKENS.DELEGATE_EMAIL, "Dana@Example.ORG")
                .where(INVITATION_TOKENS.PHYSICIAN_USER_ID.eq(physician.userId())).execute();

        AcceptedInvitation accepted = acceptance.accept(token, null, null, delegate.userId(), TestIam.REQUEST);

        assertThat(accepted.delegateUserId()).isEqualTo(delegate.userId());
    }

    @Test
    void reacceptingReactivatesInactiveLinkage() {
        AcceptedInvitation first = fixture.newDelegate(scope, EMAIL, List.of("CLAIM_VIEW"));
        fixture.linkages().remove(scope, first.linkageId(), TestIam.REQUEST);
        String token = fixture.invite(scope, EMAIL, List.of("PATIENT_VIEW"));

        AcceptedInvitation second = acceptance.accept(token, null, DelegateFixture.NEW_PASSWORD, null,
                TestIam.REQUEST);

        DelegateLinkagesRecord linkage = iam.db().fetchSingle(DELEGATE_LINKAGES);
        assertThat(second.linkageId()).isEqualTo(first.linkageId());
        assertThat(linkage.getIsActive()).isTrue();
        assertThat(linkage.getPermissions().data()).contains("PATIENT_VIEW").doesNotContain("CLAIM_VIEW");
    }

    @Test
    void deactivatedPhysicianInvitationIsInvalid() {
        String token = fixture.invite(scope, EMAIL, List.of("CLAIM_VIEW"));
        iam.db().update(USERS).set(USERS.IS_ACTIVE, false).where(USERS.USER_ID.eq(physician.userId())).execute();

        assertThatThrownBy(() -> acceptance.accept(token, "Dana", DelegateFixture.NEW_PASSWORD, null, TestIam.REQUEST))
                .hasMessage(AcceptanceService.INVALID);
        assertThat(iam.db().fetchSingle(INVITATION_TOKENS).getAccepted()).isFalse();
        assertThat(iam.db().fetchCount(USERS, USERS.EMAIL.eq(EMAIL))).isZero();
    }

    /**
     * Runs {@code change} in a transaction that stays open until an accept of {@code token}
     * on another connection waits for the invitation row lock, then commits it and returns
     * the accept's outcome: the result, or the message of its BusinessRuleException.
     */
    private Object acceptWhileRowLocked(String token, Function<DSLContext, Integer> change) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Object> outcome = iam.db().transactionResult(configuration -> {
                DSLContext transaction = configuration.dsl();
                assertThat(change.apply(transaction)).isEqualTo(1);
                Future<Object> pending = pool.submit(() -> {
                    try {
                        return acceptance.accept(token, "Dana", DelegateFixture.NEW_PASSWORD, null, TestIam.REQUEST);
                    } catch (BusinessRuleException e) {
                        return e.getMessage();
                    }
                });
                awaitLockWait();
                return pending;
            });
            return outcome.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    private void awaitLockWait() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            int waiting = iam.db().fetchCount(DSL.table("pg_stat_activity"),
                    DSL.condition("datname = current_database() AND wait_event_type = 'Lock'"));
            if (waiting > 0) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("The accept never waited for the invitation row lock");
    }

    /** Creates a delegate account for {@link #EMAIL} that already serves another physician. */
    private TestUser existingDelegate() {
        PhysicianScope otherScope = fixture.scope(fixture.physician());
        AcceptedInvitation accepted = fixture.newDelegate(otherScope, EMAIL, List.of("CLAIM_VIEW"));
        return DelegateFixture.asUser(accepted, EMAIL);
    }

    private UUID pendingId(String email) {
        return fixture.invitations().listPending(scope).stream()
                .collect(Collectors.toMap(PendingInvitation::email, Function.identity()))
                .get(email).invitationId();
    }
}
