package org.billing.iam.server.runtime;

import java.util.List;
import org.billing.iam.server.http.HealthRoutes;
import org.billing.iam.server.http.RouteModule;
import org.billing.iam.server.pages.TokenPages;

/**
 * Builds the route modules of the server from the platform. This is the one place where
 * domain services from iam-core are constructed and handed to their routes.
 */
@FunctionalInterface
public interface Features {

    /** Returns the modules to register, in order. */
    List<RouteModule> modules(Platform platform);

    /** Returns the modules the {@code serve} command runs: health probes and the email-link pages. */
    static Features standard() {
        return platform -> List.of(
                new HealthRoutes(platform.dataSource(), HealthRoutes.DEFAULT_TIMEOUT),
                new TokenPages());
    }
}
