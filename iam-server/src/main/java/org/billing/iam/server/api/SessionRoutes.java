package org.billing.iam.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.UUID;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.permission.RequestKind;
import org.billing.iam.core.session.SessionService;
import org.billing.iam.server.http.ApiResponses;
import org.billing.iam.server.http.ClientMetadata;
import org.billing.iam.server.http.PathParameters;
import org.billing.iam.server.http.RouteModule;
import org.billing.iam.server.http.SessionCookie;

/** The signed-in user's own sessions: list them, end one, or end all but the current one. */
public final class SessionRoutes implements RouteModule {

    private final SessionService sessions;
    private final Authenticator authenticator;

    public SessionRoutes(SessionService sessions, Authenticator authenticator) {
        this.sessions = sessions;
        this.authenticator = authenticator;
    }

    @Override
    public void register(RoutesConfig routes) {
        RequestKind kind = RequestKind.ACCOUNT_MANAGEMENT;
        RouteModule.getAndHead(routes, ApiRoutes.PREFIX + "/sessions", authenticator.require(kind, this::list));
        routes.delete(ApiRoutes.PREFIX + "/sessions/{session_id}", authenticator.require(kind, this::revoke));
        routes.delete(ApiRoutes.PREFIX + "/sessions", authenticator.require(kind, this::revokeOthers));
    }

    private void list(Context ctx, AuthContext caller) {
        ApiResponses.ok(ctx, sessions.list(caller.userId(), caller.sessionId()));
    }

    /**
     * Ends one of the caller's sessions with reason {@code revoked_remote}. Another user's
     * session id gets the same 422 as an unknown one. Ending the current session also clears
     * its cookie.
     */
    private void revoke(Context ctx, AuthContext caller) {
        UUID sessionId = PathParameters.uuid(ctx, "session_id");

        sessions.revoke(caller.userId(), sessionId, ClientMetadata.of(ctx));

        if (sessionId.equals(caller.sessionId())) {
            SessionCookie.clear(ctx);
        }
        ApiResponses.noContent(ctx);
    }

    private void revokeOthers(Context ctx, AuthContext caller) {
        int revoked = sessions.revokeAllExcept(caller.userId(), caller.sessionId(), ClientMetadata.of(ctx));
        ApiResponses.ok(ctx, Map.of("revoked_count", revoked));
    }
}
