package org.billing.iam.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.billing.iam.core.account.AccountRules;
import org.billing.iam.core.account.Registration;
import org.billing.iam.core.account.RegistrationService;
import org.billing.iam.core.auth.LoginResult;
import org.billing.iam.core.auth.LoginService;
import org.billing.iam.core.session.SessionService;
import org.billing.iam.server.http.ApiResponses;
import org.billing.iam.server.http.ClientMetadata;
import org.billing.iam.server.http.JsonInput;
import org.billing.iam.server.http.RouteModule;
import org.billing.iam.server.http.SessionCookie;

/**
 * Registration, email verification, the password step of a login, and logout.
 *
 * <p>None of these routes reads a session: a login never looks at a cookie the client sends,
 * so a session id planted before sign-in can never become a signed-in session. Every session
 * comes from the MFA step, with a token generated there.
 */
public final class SignInRoutes implements RouteModule {

    /** Response to every valid registration, whether or not the email already had an account. */
    static final String REGISTRATION_ACCEPTED =
            "Registration received. Open the link in the email we sent to continue.";

    /** Maximum length of an email verification token. Issued tokens are 64 hex characters. */
    static final int MAX_VERIFICATION_TOKEN_LENGTH = 128;

    private final RegistrationService registration;
    private final LoginService login;
    private final SessionService sessions;

    public SignInRoutes(RegistrationService registration, LoginService login, SessionService sessions) {
        this.registration = registration;
        this.login = login;
        this.sessions = sessions;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(ApiRoutes.PREFIX + "/auth/register", this::registerAccount);
        routes.post(ApiRoutes.PREFIX + "/auth/verify-email", this::verifyEmail);
        routes.post(ApiRoutes.PREFIX + "/auth/login", this::login);
        routes.post(ApiRoutes.PREFIX + "/auth/logout", this::logout);
    }

    private void registerAccount(Context ctx) {
        JsonInput input = JsonInput.parse(ctx);
        Registration request = new Registration(
                input.requiredString("email", AccountRules.MAX_EMAIL_LENGTH),
                input.requiredString("password", AccountRules.MAX_PASSWORD_LENGTH),
                input.requiredString("full_name", AccountRules.MAX_FULL_NAME_LENGTH),
                input.optionalString("phone", AccountRules.MAX_PHONE_LENGTH).orElse(null));
        registration.register(request, ClientMetadata.of(ctx));
        ApiResponses.created(ctx, Map.of("message", REGISTRATION_ACCEPTED));
    }

    private void verifyEmail(Context ctx) {
        String token = JsonInput.parse(ctx).requiredString("token", MAX_VERIFICATION_TOKEN_LENGTH);
        registration.verifyEmail(token, ClientMetadata.of(ctx));
        ApiResponses.ok(ctx, Map.of("mfa_setup_required", true));
    }

    private void login(Context ctx) {
        JsonInput input = JsonInput.parse(ctx);
        String email = input.requiredString("email", AccountRules.MAX_EMAIL_LENGTH);
        String password = input.requiredString("password", AccountRules.MAX_LOGIN_PASSWORD_LENGTH);

        LoginResult result = login.login(email, password, ClientMetadata.of(ctx));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mfa_session_token", result.mfaSessionToken());
        body.put(result.mfaRequired() ? "mfa_required" : "mfa_setup_required", true);
        ApiResponses.ok(ctx, body);
    }

    /** Ends the session of the cookie, if any, and always clears the cookie, so a repeat succeeds too. */
    private void logout(Context ctx) {
        SessionCookie.read(ctx).ifPresent(token -> sessions.logout(token, ClientMetadata.of(ctx)));
        SessionCookie.clear(ctx);
        ApiResponses.noContent(ctx);
    }
}
