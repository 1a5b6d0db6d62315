package org.billing.iam.server.runtime;

import java.util.ArrayList;
import java.util.List;
import org.billing.iam.core.IamCore;
import org.billing.iam.server.api.ApiRoutes;
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

    /**
     * Returns the modules the {@code serve} command runs: health probes, the email-link pages
     * and the JSON API, all sharing one {@link IamCore}.
     */
    static Features standard() {
        return platform -> {
            IamCore core = CoreServices.create(platform);
            List<RouteModule> modules = new ArrayList<>();
            modules.add(new HealthRoutes(platform.dataSource(), HealthRoutes.DEFAULT_TIMEOUT));
            modules.add(new TokenPages());
            modules.addAll(ApiRoutes.modules(core));
            return List.copyOf(modules);
        };
    }
}
