package org.billing.iam.server.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.billing.iam.core.IamCore;
import org.billing.iam.core.cleanup.CleanupScheduler;
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

    /** Maximum delay from start-up to the first clean-up run. */
    Duration MAX_CLEANUP_DELAY = Duration.ofMinutes(1);

    /**
     * Returns the modules the {@code serve} command runs: health probes, the email-link pages
     * and the JSON API, all sharing one {@link IamCore}. It also starts the clean-up job on
     * the configured interval, first after one minute or the interval if that is shorter, and
     * hands its scheduler to the platform's background tasks.
     */
    static Features standard() {
        return platform -> {
            IamCore core = CoreServices.create(platform);
            Duration interval = platform.config().cleanupInterval();
            Duration initialDelay = interval.compareTo(MAX_CLEANUP_DELAY) < 0 ? interval : MAX_CLEANUP_DELAY;
            CleanupScheduler cleanup = new CleanupScheduler(core.lifecycle().cleanup()::run, initialDelay, interval);
            cleanup.start();
            platform.backgroundTasks().add(cleanup);

            List<RouteModule> modules = new ArrayList<>();
            modules.add(new HealthRoutes(platform.dataSource(), HealthRoutes.DEFAULT_TIMEOUT));
            modules.add(new TokenPages());
            modules.addAll(ApiRoutes.modules(core, platform.config().rateLimits()));
            return List.copyOf(modules);
        };
    }
}
