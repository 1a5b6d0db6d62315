package org.billing.iam.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.util.Optional;
import org.billing.iam.core.account.AccountService;
import org.billing.iam.core.account.AccountView;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.context.AuthContextResolver;
import org.billing.iam.core.error.UnauthorizedException;
import org.billing.iam.core.permission.RequestKind;
import org.billing.iam.server.http.ApiResponses;
import org.billing.iam.server.http.RouteModule;

/** Routes for the caller's own account and for the auth context that other services request. */
public final class AccountRoutes implements RouteModule {

    private final AccountService accounts;
    private final Authenticator authenticator;

    public AccountRoutes(AccountService accounts, Authenticator authenticator) {
        this.accounts = accounts;
        this.authenticator = authenticator;
    }

    @Override
    public void register(RoutesConfig routes) {
        RouteModule.getAndHead(routes, ApiRoutes.PREFIX + "/account",
                authenticator.require(RequestKind.ACCOUNT_MANAGEMENT, this::account));
        // No per-user budget and no gating: see Authenticator.requireSessionOnly.
        RouteModule.getAndHead(routes, AuthContextFastPath.PATH,
                authenticator.requireSessionOnly(AccountRoutes::context));
    }

    /** Returns the handler that serves successful auth context lookups before Javalin. */
    @Override
    public Optional<org.eclipse.jetty.server.Handler.Wrapper> coreHandler() {
        return Optional.of(new AuthContextFastPath(authenticator));
    }

    /** Returns the account without any hash or secret; {@link AccountView} has no such field. */
    private void account(Context ctx, AuthContext caller) {
        AccountView view = accounts.view(caller.userId())
                .orElseThrow(() -> new UnauthorizedException(AuthContextResolver.SIGN_IN_REQUIRED));
        ApiResponses.ok(ctx, view);
    }

    /**
     * Returns the context that the authentication step resolved. Other services call this on
     * each of their requests, so it adds nothing to that step's single session read: no audit
     * entry and no further query.
     */
    private static void context(Context ctx, AuthContext caller) {
        ctx.contentType(ContentType.APPLICATION_JSON).result(AuthContextJson.write(caller));
    }
}
