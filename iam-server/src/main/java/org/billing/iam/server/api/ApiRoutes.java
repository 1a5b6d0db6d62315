package org.billing.iam.server.api;

import java.util.List;
import java.util.concurrent.Executor;
import org.billing.iam.core.IamCore;
import org.billing.iam.core.LifecycleServices;
import org.billing.iam.server.http.RouteModule;

/** The JSON API under {@link #PREFIX}: sign-in, MFA, sessions, the account and the auth context. */
public final class ApiRoutes {

    /** Path prefix of every API route. */
    public static final String PREFIX = "/api/v1";

    private ApiRoutes() {
    }

    /** Returns the route modules of the API with the default rate limits. */
    public static List<RouteModule> modules(IamCore core) {
        return modules(core, RateLimitSettings.DEFAULTS);
    }

    /**
     * Returns the route modules of the API, built on the services of {@code core}. Emails sent
     * after a response, such as reset links, go out on a new virtual thread each. NOTE: virtual
     * threads do not keep the JVM alive, so an email still being sent at shutdown is lost.
     */
    public static List<RouteModule> modules(IamCore core, RateLimitSettings limits) {
        Executor mailExecutor = task -> Thread.ofVirtual().name("iam-api-mail").start(task);
        return modules(core, limits, mailExecutor);
    }

    /** Returns the route modules of the API, sending emails that follow a response on {@code mailExecutor}. */
    public static List<RouteModule> modules(IamCore core, RateLimitSettings limits, Executor mailExecutor) {
        LifecycleServices lifecycle = core.lifecycle();
        Authenticator authenticator = new Authenticator(core.authContexts(), lifecycle.rateLimiter(),
                limits.userPerMinute());
        return List.of(
                // Registered first, so the per-IP budgets are checked before any handler runs.
                new AnonymousRateLimits(lifecycle.rateLimiter(), limits),
                new SignInRoutes(core.registration(), core.login(), core.sessions()),
                new MfaRoutes(core.mfaEnrolment(), core.mfaLogin(), lifecycle.mfaManagement(), authenticator),
                new PasswordResetRoutes(lifecycle.passwordReset(), lifecycle.rateLimiter(), limits, mailExecutor),
                new SessionRoutes(core.sessions(), authenticator),
                new AccountRoutes(core.accounts(), authenticator),
                new AccountMfaRoutes(lifecycle.mfaManagement(), authenticator),
                new ProfileRoutes(lifecycle.profile(), lifecycle.accountDeletion(), authenticator),
                new DelegateInvitationRoutes(core.delegates().invitations(), authenticator),
                new DelegateAcceptRoutes(core.delegates().acceptance(), core.authContexts()),
                new DelegateLinkageRoutes(core.delegates().linkages(), authenticator),
                new DelegateContextRoutes(core.delegates().actingContexts(), authenticator));
    }
}
