package org.billing.iam.core.delegate;

import java.time.Clock;
import org.billing.iam.core.IamSettings;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.auth.LoginLockout;
import org.billing.iam.core.auth.MfaSessionTokens;
import org.billing.iam.core.crypto.PasswordHasher;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.mail.Mailer;
import org.billing.iam.core.session.SessionService;
import org.jooq.DSLContext;

/** The delegate services, built once from the shared dependencies. */
public final class DelegateServices {

    private final InvitationService invitations;
    private final AcceptanceService acceptance;
    private final LinkageService linkages;
    private final ActingContextService actingContexts;

    public DelegateServices(DSLContext db, Clock clock, IamSettings settings, Mailer mailer, PasswordHasher hasher,
            SecureTokens tokens, LoginLockout lockout, MfaSessionTokens mfaTokens, SessionService sessions,
            AuditWriter audit) {
        InvitationStore store = new InvitationStore(tokens);
        invitations = new InvitationService(db, clock, settings, tokens, mailer, audit, store);
        acceptance = new AcceptanceService(db, clock, store, new DelegateAccounts(db, hasher, lockout, audit),
                mfaTokens, audit);
        linkages = new LinkageService(db, clock, sessions, audit);
        actingContexts = new ActingContextService(db, clock, audit);
    }

    /** Returns the service that sends, lists, withdraws and resends invitations. */
    public InvitationService invitations() {
        return invitations;
    }

    /** Returns the service that accepts invitations. */
    public AcceptanceService acceptance() {
        return acceptance;
    }

    /** Returns the service that lists, changes and removes a physician's delegates. */
    public LinkageService linkages() {
        return linkages;
    }

    /** Returns the service that lists the physicians a delegate serves and switches between them. */
    public ActingContextService actingContexts() {
        return actingContexts;
    }
}
