package org.billing.iam.core.delegate;

import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;

import java.util.List;
import java.util.UUID;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.mail.EmailMessage;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.session.NewSession;
import org.billing.iam.core.testing.RecordingMailer;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.billing.iam.schema.jooq.tables.records.AuditLogRecord;

/** Shortcuts for delegate tests: signed-in contexts, invitations and accepted delegates. */
final class DelegateFixture {

    static final String NEW_PASSWORD = "Delegate-Passw0rd!";
    static final List<String> CLAIM_KEYS = List.of("CLAIM_VIEW", "CLAIM_EDIT");

    private final TestIam iam;

    DelegateFixture(TestIam iam) {
        this.iam = iam;
    }

    InvitationService invitations() {
        return iam.core().delegates().invitations();
    }

    AcceptanceService acceptance() {
        return iam.core().delegates().acceptance();
    }

    LinkageService linkages() {
        return iam.core().delegates().linkages();
    }

    ActingContextService actingContexts() {
        return iam.core().delegates().actingContexts();
    }

    /** Creates a session for the user and returns its token. */
    String signIn(TestUser user) {
        NewSession session = iam.core().sessions().create(user.userId(), TestIam.REQUEST);
        return session.token();
    }

    AuthContext context(String sessionToken) {
        return iam.core().authContexts().resolve(sessionToken);
    }

    AuthContext signedInContext(TestUser user) {
        return context(signIn(user));
    }

    PhysicianScope scope(TestUser physician) {
        return PhysicianScope.of(signedInContext(physician));
    }

    /** Invites an email and returns the token from the emailed link. */
    String invite(PhysicianScope scope, String email, List<String> keys) {
        invitations().invite(scope, email, keys, null, TestIam.REQUEST);
        return lastToken();
    }

    String lastToken() {
        EmailMessage message = iam.mailer().last();
        return RecordingMailer.linkToken(message);
    }

    /** Invites a new email, accepts it with a new account, and returns the result. */
    AcceptedInvitation newDelegate(PhysicianScope scope, String email, List<String> keys) {
        String token = invite(scope, email, keys);
        return acceptance().accept(token, "Dana Delegate", NEW_PASSWORD, null, TestIam.REQUEST);
    }

    /** Returns a stored delegate as a TestUser, for signing in. */
    static TestUser asUser(AcceptedInvitation accepted, String email) {
        return new TestUser(accepted.delegateUserId(), email, NEW_PASSWORD, null, List.of());
    }

    TestUser physician() {
        return iam.user().role(Role.PHYSICIAN).create();
    }

    List<AuditLogRecord> audits(String action) {
        return iam.db().selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq(action)).orderBy(AUDIT_LOG.CREATED_AT)
                .fetch();
    }

    static UUID unknownId() {
        return UUID.randomUUID();
    }
}
