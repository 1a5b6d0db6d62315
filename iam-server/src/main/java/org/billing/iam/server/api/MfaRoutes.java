package org.billing.iam.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.mfa.MfaEnrolment;
import org.billing.iam.core.mfa.MfaEnrolmentService;
import org.billing.iam.core.mfa.MfaLoginService;
import org.billing.iam.core.mfa.MfaManagementService;
import org.billing.iam.core.mfa.MfaSetup;
import org.billing.iam.core.mfa.RecoveryLogin;
import org.billing.iam.core.permission.RequestKind;
import org.billing.iam.core.session.NewSession;
import org.billing.iam.server.http.ApiResponses;
import org.billing.iam.server.http.ClientMetadata;
import org.billing.iam.server.http.JsonInput;
import org.billing.iam.server.http.QrCode;
import org.billing.iam.server.http.RouteModule;
import org.billing.iam.server.http.SessionCookie;

/**
 * The second step of a login: first TOTP enrolment, or a TOTP or recovery code. Each route
 * takes the {@code mfa_session_token} that the password step returned, and each success sets
 * the {@code session} cookie to a token generated for this login alone.
 *
 * <p>{@code POST /auth/mfa/confirm} also completes a signed-in user's change of authenticator:
 * without an {@code mfa_session_token} but with a {@code session} cookie, it activates the
 * secret that {@code POST /api/v1/account/mfa/reconfigure} left pending.
 */
public final class MfaRoutes implements RouteModule {

    /** Maximum length of an MFA session token. Issued tokens are about 170 characters. */
    static final int MAX_MFA_SESSION_TOKEN_LENGTH = 512;

    /** Maximum length of a TOTP or recovery code, leaving room for spaces and dashes that the services strip. */
    static final int MAX_CODE_LENGTH = 32;

    private final MfaEnrolmentService enrolment;
    private final MfaLoginService mfaLogin;
    private final MfaManagementService mfaManagement;
    private final Authenticator authenticator;

    public MfaRoutes(MfaEnrolmentService enrolment, MfaLoginService mfaLogin, MfaManagementService mfaManagement,
            Authenticator authenticator) {
        this.enrolment = enrolment;
        this.mfaLogin = mfaLogin;
        this.mfaManagement = mfaManagement;
        this.authenticator = authenticator;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(ApiRoutes.PREFIX + "/auth/mfa/setup", this::setup);
        routes.post(ApiRoutes.PREFIX + "/auth/mfa/confirm", this::confirm);
        routes.post(ApiRoutes.PREFIX + "/auth/login/mfa", this::loginWithTotp);
        routes.post(ApiRoutes.PREFIX + "/auth/login/recovery", this::loginWithRecoveryCode);
    }

    /** Returns the new secret three ways: as an otpauth URI, as the base32 key and as a QR code of the URI. */
    private void setup(Context ctx) {
        String mfaToken = mfaSessionToken(JsonInput.parse(ctx));

        MfaSetup setup = enrolment.setup(mfaToken);

        ApiResponses.ok(ctx, setupBody(setup));
    }

    /** Returns the body that shows a new secret: {@code qr_code_uri}, {@code manual_key} and {@code qr_code_png}. */
    static Map<String, Object> setupBody(MfaSetup setup) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("qr_code_uri", setup.qrCodeUri());
        body.put("manual_key", setup.manualKey());
        body.put("qr_code_png", QrCode.pngDataUri(setup.qrCodeUri()));
        return body;
    }

    private void confirm(Context ctx) throws Exception {
        JsonInput input = JsonInput.parse(ctx);
        if (!input.has("mfa_session_token") && SessionCookie.read(ctx).isPresent()) {
            authenticator.require(RequestKind.ACCOUNT_MANAGEMENT,
                    (signedIn, caller) -> confirmReconfiguration(signedIn, caller, input)).handle(ctx);
            return;
        }
        String mfaToken = mfaSessionToken(input);
        String code = input.requiredString("totp_code", MAX_CODE_LENGTH);

        MfaEnrolment enrolled = enrolment.confirm(mfaToken, code, ClientMetadata.of(ctx));

        SessionCookie.set(ctx, enrolled.session().token());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recovery_codes", enrolled.recoveryCodes());
        body.put("expires_at", enrolled.session().expiresAt());
        ApiResponses.ok(ctx, body);
    }

    /** Makes the pending secret active; sessions and recovery codes stay as they are. */
    private void confirmReconfiguration(Context ctx, AuthContext caller, JsonInput input) {
        String code = input.requiredString("totp_code", MAX_CODE_LENGTH);

        mfaManagement.confirmReconfiguration(caller.userId(), code, ClientMetadata.of(ctx));

        ApiResponses.ok(ctx, Map.of("mfa_reconfigured", true));
    }

    private void loginWithTotp(Context ctx) {
        JsonInput input = JsonInput.parse(ctx);
        String mfaToken = mfaSessionToken(input);
        String code = input.requiredString("totp_code", MAX_CODE_LENGTH);

        NewSession session = mfaLogin.loginWithTotp(mfaToken, code, ClientMetadata.of(ctx));

        SessionCookie.set(ctx, session.token());
        ApiResponses.ok(ctx, Map.of("expires_at", session.expiresAt()));
    }

    private void loginWithRecoveryCode(Context ctx) {
        JsonInput input = JsonInput.parse(ctx);
        String mfaToken = mfaSessionToken(input);
        String code = input.requiredString("recovery_code", MAX_CODE_LENGTH);

        RecoveryLogin login = mfaLogin.loginWithRecoveryCode(mfaToken, code, ClientMetadata.of(ctx));

        SessionCookie.set(ctx, login.session().token());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("expires_at", login.session().expiresAt());
        body.put("remaining_codes", login.remainingRecoveryCodes());
        body.put("regeneration_recommended", login.regenerationRecommended());
        ApiResponses.ok(ctx, body);
    }

    private static String mfaSessionToken(JsonInput input) {
        return input.requiredString("mfa_session_token", MAX_MFA_SESSION_TOKEN_LENGTH);
    }
}
