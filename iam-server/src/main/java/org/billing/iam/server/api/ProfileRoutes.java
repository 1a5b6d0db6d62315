package org.billing.iam.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.OffsetDateTime;
import java.util.Map;
import org.billing.iam.core.account.AccountDeletionService;
import org.billing.iam.core.account.AccountRules;
import org.billing.iam.core.account.ProfileService;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.error.ValidationException;
import org.billing.iam.core.permission.RequestKind;
import org.billing.iam.server.http.ApiResponses;
import org.billing.iam.server.http.ClientMetadata;
import org.billing.iam.server.http.JsonInput;
import org.billing.iam.server.http.RouteModule;
import org.billing.iam.server.http.SessionCookie;

/**
 * Changes a signed-in user makes to their own account: profile fields, the secondary email for
 * compliance notices, and deletion. All are account management, so subscription gating allows
 * them at every subscription status.
 */
public final class ProfileRoutes implements RouteModule {

    /** Maximum length of the deletion confirmation, which must equal {@value AccountDeletionService#CONFIRMATION}. */
    static final int MAX_CONFIRMATION_LENGTH = 32;

    private final ProfileService profile;
    private final AccountDeletionService deletion;
    private final Authenticator authenticator;

    public ProfileRoutes(ProfileService profile, AccountDeletionService deletion, Authenticator authenticator) {
        this.profile = profile;
        this.deletion = deletion;
        this.authenticator = authenticator;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.patch(ApiRoutes.PREFIX + "/account",
                authenticator.require(RequestKind.ACCOUNT_MANAGEMENT, this::updateProfile));
        routes.put(ApiRoutes.PREFIX + "/account/secondary-email",
                authenticator.require(RequestKind.ACCOUNT_MANAGEMENT, this::setSecondaryEmail));
        routes.post(ApiRoutes.PREFIX + "/account/delete",
                authenticator.require(RequestKind.ACCOUNT_MANAGEMENT, this::deleteAccount));
    }

    /**
     * Updates {@code full_name} and {@code phone}; an absent field stays as it is. A phone of
     * {@code null} or {@code ""} removes the number, as in a JSON merge patch (RFC 7396).
     */
    private void updateProfile(Context ctx, AuthContext caller) {
        JsonInput input = JsonInput.parse(ctx);
        String fullName = input.optionalString("full_name", AccountRules.MAX_FULL_NAME_LENGTH).orElse(null);
        if (fullName == null && input.contains("full_name")) {
            throw new ValidationException("full_name", "full_name must not be empty.");
        }
        String phone = input.contains("phone")
                ? input.optionalString("phone", AccountRules.MAX_PHONE_LENGTH).orElse("")
                : null;

        profile.updateProfile(caller.userId(), fullName, phone, ClientMetadata.of(ctx));

        ApiResponses.noContent(ctx);
    }

    /** Sets the secondary email, or removes it for {@code null}; the field itself is required. */
    private void setSecondaryEmail(Context ctx, AuthContext caller) {
        JsonInput input = JsonInput.parse(ctx);
        if (!input.contains("secondary_email")) {
            throw new ValidationException("secondary_email",
                    "secondary_email is required; send null to remove the secondary email.");
        }
        String email = input.optionalString("secondary_email", AccountRules.MAX_EMAIL_LENGTH).orElse(null);

        profile.setSecondaryEmail(caller.userId(), email, ClientMetadata.of(ctx));

        ApiResponses.noContent(ctx);
    }

    /**
     * Deactivates the account and schedules its data for removal. The service revokes every
     * session of the user in the same transaction, and the response clears the cookie.
     */
    private void deleteAccount(Context ctx, AuthContext caller) {
        JsonInput input = JsonInput.parse(ctx);
        String password = input.requiredString("password", AccountRules.MAX_LOGIN_PASSWORD_LENGTH);
        String code = input.requiredString("totp_code", MfaRoutes.MAX_CODE_LENGTH);
        String confirmation = input.requiredString("confirmation", MAX_CONFIRMATION_LENGTH);

        OffsetDateTime scheduled = deletion.deleteAccount(caller.userId(), password, code, confirmation,
                ClientMetadata.of(ctx));

        SessionCookie.clear(ctx);
        ApiResponses.ok(ctx, Map.of("scheduled_deletion_at", scheduled));
    }
}
