package org.billing.iam.core.context;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.billing.iam.core.error.UnauthorizedException;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.billing.iam.core.session.ActingPhysician;
import org.billing.iam.core.session.ActiveSession;
import org.billing.iam.core.session.SessionService;

/**
 * Builds the {@link AuthContext} of a request from its session token, in the same single
 * read that validates the session. Nothing is cached, so a revoked session, a changed role
 * or changed delegate permissions show on the next request.
 *
 * <p>A delegate whose chosen linkage was deactivated, or whose physician's account was
 * deactivated, is not rejected: its context acts for no physician and has no permissions, so it
 * can still choose another physician it serves.
 */
public final class AuthContextResolver {

    /** Error message for a missing, unknown, revoked or expired session. */
    public static final String SIGN_IN_REQUIRED = "Sign in to continue.";

    private final SessionService sessions;

    public AuthContextResolver(SessionService sessions) {
        this.sessions = sessions;
    }

    /** Returns the context for a session token, or empty when the session is not valid. */
    public Optional<AuthContext> find(String sessionToken) {
        return sessions.validate(sessionToken).map(AuthContextResolver::toContext);
    }

    /**
     * Finds the context like {@link #find} without blocking the caller. The future completes
     * on the thread that {@link SessionService#validateAsync} names.
     */
    public CompletableFuture<Optional<AuthContext>> findAsync(String sessionToken, Executor blocking) {
        return sessions.validateAsync(sessionToken, blocking)
                .thenApply(session -> session.map(AuthContextResolver::toContext));
    }

    /**
     * Returns the context for a session token.
     *
     * @throws UnauthorizedException when the token is missing or the session is not valid
     */
    public AuthContext resolve(String sessionToken) {
        return find(sessionToken).orElseThrow(() -> new UnauthorizedException(SIGN_IN_REQUIRED));
    }

    private static AuthContext toContext(ActiveSession session) {
        ActingPhysician acting = session.actingFor();
        if (acting == null) {
            return new AuthContext(session.userId(), session.role(), session.subscriptionStatus(),
                    session.subscriptionStatus().accessLevel(), session.sessionId(), session.role().permissions(),
                    null, null);
        }
        SubscriptionStatus gate = acting.physicianSubscription();
        return new AuthContext(session.userId(), session.role(), gate, gate.accessLevel(), session.sessionId(),
                acting.permissions(), acting.physicianUserId(), acting.linkageId());
    }
}
