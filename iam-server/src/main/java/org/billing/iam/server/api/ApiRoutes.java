package org.billing.iam.server.api;

import java.util.List;
import org.billing.iam.core.IamCore;
import org.billing.iam.server.http.RouteModule;

/** The JSON API under {@link #PREFIX}: sign-in, MFA, sessions, the account and the auth context. */
public final class ApiRoutes {

    /** Path prefix of every API route. */
    public static final String PREFIX = "/api/v1";

    private ApiRoutes() {
    }

    /** Returns the route modules of the API, built on the services of {@code core}. */
    public static List<RouteModule> modules(IamCore core) {
        Authenticator authenticator = new Authenticator(core.authContexts());
        return List.of(
                new SignInRoutes(core.registration(), core.login(), core.sessions()),
                new MfaRoutes(core.mfaEnrolment(), core.mfaLogin()),
                new SessionRoutes(core.sessions(), authenticator),
                new AccountRoutes(core.accounts(), authenticator),
                new DelegateInvitationRoutes(core.delegates().invitations(), authenticator),
                new DelegateAcceptRoutes(core.delegates().acceptance(), core.authContexts()),
                new DelegateLinkageRoutes(core.delegates().linkages(), authenticator),
                new DelegateContextRoutes(core.delegates().actingContexts(), authenticator));
    }
}
