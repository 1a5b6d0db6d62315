package org.billing.iam.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.billing.iam.core.account.AccountRules;
import org.billing.iam.core.error.ValidationException;
import org.billing.iam.core.limit.RateLimiter;
import org.billing.iam.core.mail.DeferredEmail;
import org.billing.iam.core.reset.PasswordResetService;
import org.billing.iam.server.http.ApiResponses;
import org.billing.iam.server.http.ClientMetadata;
import org.billing.iam.server.http.JsonInput;
import org.billing.iam.server.http.RouteModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password reset by emailed link: request a link, then set a new password with its token. The
 * page at {@code /reset-password?token=...} posts to the second route.
 *
 * <p>A reset request gets the same 200 body for every well-formed email, and the email with
 * the link leaves on {@code mailExecutor} only after the response is decided. The handler hands
 * the {@link DeferredEmail} to the executor for known and unknown emails alike (for an unknown
 * one it sends nothing), so neither the body nor the response time depends on whether the
 * email has an account.
 *
 * <p>NOTE: for a known email the request's transaction also inserts the token row, one indexed
 * INSERT more than for an unknown email within the same commit. That difference is not measured.
 */
public final class PasswordResetRoutes implements RouteModule {

    /** Path of the request for a reset link, under {@link ApiRoutes#PREFIX}. */
    static final String REQUEST_PATH = "/auth/password/reset-request";
    /** Path that sets the new password. */
    static final String RESET_PATH = "/auth/password/reset";

    /** Response to every well-formed reset request. */
    static final String RESET_REQUESTED =
            "If an account exists for this email, we sent it a link to reset the password.";

    /** Maximum length of a reset token; real tokens are 64 hex characters. */
    static final int MAX_RESET_TOKEN_LENGTH = 128;

    private static final Logger LOG = LoggerFactory.getLogger(PasswordResetRoutes.class);

    private final PasswordResetService passwordReset;
    private final RateLimiter rateLimiter;
    private final RateLimitSettings limits;
    private final Executor mailExecutor;

    public PasswordResetRoutes(PasswordResetService passwordReset, RateLimiter rateLimiter, RateLimitSettings limits,
            Executor mailExecutor) {
        this.passwordReset = passwordReset;
        this.rateLimiter = rateLimiter;
        this.limits = limits;
        this.mailExecutor = mailExecutor;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(ApiRoutes.PREFIX + REQUEST_PATH, this::requestReset);
        routes.post(ApiRoutes.PREFIX + RESET_PATH, this::reset);
    }

    private void requestReset(Context ctx) {
        String email = JsonInput.parse(ctx).requiredString("email", AccountRules.MAX_EMAIL_LENGTH);
        // Counted for every email, with or without an account, so a 429 reveals nothing either.
        rateLimiter.check("reset_email:" + AccountRules.canonicalEmail(email), limits.resetEmailPerHour(),
                RateLimitSettings.HOUR);

        DeferredEmail link = passwordReset.requestReset(email, ClientMetadata.of(ctx));

        ApiResponses.ok(ctx, Map.of("message", RESET_REQUESTED));
        try {
            mailExecutor.execute(link);
        } catch (RejectedExecutionException e) {
            LOG.warn("Password reset email was not queued", e);
        }
    }

    /**
     * Sets the new password. A malformed, unknown, used or expired token is 422; a password
     * that breaks the policy is 400 and leaves the token usable.
     */
    private void reset(Context ctx) {
        JsonInput input = JsonInput.parse(ctx);
        String token = input.requiredString("token", MAX_RESET_TOKEN_LENGTH);
        String newPassword = input.requiredString("new_password", AccountRules.MAX_PASSWORD_LENGTH);
        try {
            AccountRules.requireStrongPassword(newPassword);
        } catch (ValidationException e) {
            // The policy names its field "password"; this request calls it "new_password".
            throw new ValidationException("new_password", e.getMessage());
        }

        passwordReset.reset(token, newPassword, ClientMetadata.of(ctx));

        ApiResponses.ok(ctx, Map.of("password_changed", true));
    }
}
