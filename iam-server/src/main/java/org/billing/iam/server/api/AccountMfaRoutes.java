package org.billing.iam.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.mfa.MfaManagementService;
import org.billing.iam.core.mfa.MfaSetup;
import org.billing.iam.core.mfa.NewRecoveryCodes;
import org.billing.iam.core.permission.RequestKind;
import org.billing.iam.server.http.ApiResponses;
import org.billing.iam.server.http.ClientMetadata;
import org.billing.iam.server.http.JsonInput;
import org.billing.iam.server.http.RouteModule;

/**
 * MFA changes by a signed-in user, each confirmed with a current TOTP code: new recovery codes,
 * and the first step of moving to a new authenticator. The second step of that move is
 * {@code POST /api/v1/auth/mfa/confirm} with the session cookie and a code from the new
 * secret; until then the old secret keeps working.
 */
public final class AccountMfaRoutes implements RouteModule {

    private final MfaManagementService mfaManagement;
    private final Authenticator authenticator;

    public AccountMfaRoutes(MfaManagementService mfaManagement, Authenticator authenticator) {
        this.mfaManagement = mfaManagement;
        this.authenticator = authenticator;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(ApiRoutes.PREFIX + "/account/mfa/regenerate-codes",
                authenticator.require(RequestKind.ACCOUNT_MANAGEMENT, this::regenerateCodes));
        routes.post(ApiRoutes.PREFIX + "/account/mfa/reconfigure",
                authenticator.require(RequestKind.ACCOUNT_MANAGEMENT, this::reconfigure));
    }

    /** Returns ten new recovery codes, shown this once; every earlier code stops working. */
    private void regenerateCodes(Context ctx, AuthContext caller) {
        String code = JsonInput.parse(ctx).requiredString("totp_code", MfaRoutes.MAX_CODE_LENGTH);

        NewRecoveryCodes issued = mfaManagement.regenerateRecoveryCodes(caller.userId(), code, ClientMetadata.of(ctx));

        ApiResponses.ok(ctx, Map.of("recovery_codes", issued.codes()));
    }

    /** Returns the pending secret the way first enrolment does: URI, base32 key and QR code. */
    private void reconfigure(Context ctx, AuthContext caller) {
        String code = JsonInput.parse(ctx).requiredString("current_totp_code", MfaRoutes.MAX_CODE_LENGTH);

        MfaSetup setup = mfaManagement.reconfigure(caller.userId(), code, ClientMetadata.of(ctx));

        ApiResponses.ok(ctx, MfaRoutes.setupBody(setup));
    }
}
