package org.billing.iam.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.billing.iam.core.account.AccountRules;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.context.AuthContextResolver;
import org.billing.iam.core.delegate.AcceptanceService;
import org.billing.iam.core.delegate.AcceptedInvitation;
import org.billing.iam.server.http.ApiResponses;
import org.billing.iam.server.http.ClientMetadata;
import org.billing.iam.server.http.JsonInput;
import org.billing.iam.server.http.RouteModule;
import org.billing.iam.server.http.SessionCookie;

/**
 * Accepting a delegate invitation, the route that the page of the emailed link POSTs to.
 *
 * <p>The route is public. A valid session cookie, when present, proves ownership of an
 * existing delegate account for the invited email; without one, the account's password
 * does. Accepting never signs the caller in: a new account gets an {@code mfa_session_token}
 * for {@code /auth/mfa/setup} and {@code /auth/mfa/confirm}, which create the first session.
 */
public final class DelegateAcceptRoutes implements RouteModule {

    /** Maximum token length. Real tokens are 36-character UUIDs, and the service checks the format. */
    static final int MAX_INVITATION_TOKEN_LENGTH = 128;

    private final AcceptanceService acceptance;
    private final AuthContextResolver authContexts;

    public DelegateAcceptRoutes(AcceptanceService acceptance, AuthContextResolver authContexts) {
        this.acceptance = acceptance;
        this.authContexts = authContexts;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(ApiRoutes.PREFIX + "/delegates/accept", this::accept);
    }

    private void accept(Context ctx) {
        JsonInput input = JsonInput.parse(ctx);
        String token = input.requiredString("token", MAX_INVITATION_TOKEN_LENGTH);
        String fullName = input.optionalString("full_name", AccountRules.MAX_FULL_NAME_LENGTH).orElse(null);
        String password = input.optionalString("password", AccountRules.MAX_LOGIN_PASSWORD_LENGTH).orElse(null);
        UUID signedInUserId = signedInUserId(ctx);

        AcceptedInvitation accepted = acceptance.accept(token, fullName, password, signedInUserId,
                ClientMetadata.of(ctx));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("linkage_id", accepted.linkageId());
        body.put("physician_user_id", accepted.physicianUserId());
        body.put("account_created", accepted.accountCreated());
        if (accepted.accountCreated()) {
            body.put("mfa_setup_required", true);
            body.put("mfa_session_token", accepted.mfaSetupToken());
        }
        ApiResponses.ok(ctx, body);
    }

    /**
     * Returns the user of the request's session, or null without a valid one. An invalid
     * cookie is not an error here, because the route also serves callers who are signed out.
     */
    private UUID signedInUserId(Context ctx) {
        return SessionCookie.read(ctx)
                .flatMap(authContexts::find)
                .map(AuthContext::userId)
                .orElse(null);
    }
}
