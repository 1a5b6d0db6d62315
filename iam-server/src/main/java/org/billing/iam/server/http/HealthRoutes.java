package org.billing.iam.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness and readiness probes. {@code GET /health/live} is 200 while the process serves
 * HTTP. {@code GET /health/ready} is 200 only when the database returns the result of {@code SELECT 1}
 * within the timeout, and 503 otherwise, so a load balancer stops sending traffic.
 */
public final class HealthRoutes implements RouteModule {

    private static final Logger log = LoggerFactory.getLogger(HealthRoutes.class);

    /** Time the readiness check waits for the database. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final Duration timeout;
    private final AtomicBoolean lastReady = new AtomicBoolean(true);

    public HealthRoutes(DataSource dataSource, Duration timeout) {
        this.dataSource = dataSource;
        this.timeout = timeout;
    }

    /** Returns the handler that serves liveness probes on Jetty's selector thread, before any other handler. */
    @Override
    public Optional<Handler.Wrapper> coreHandler() {
        return Optional.of(new LivenessFastPath());
    }

    @Override
    public void register(RoutesConfig routes) {
        RouteModule.getAndHead(routes, "/health/live", ctx -> ApiResponses.ok(ctx, Map.of("status", "live")));
        RouteModule.getAndHead(routes, "/health/ready", this::ready);
    }

    private void ready(Context ctx) {
        boolean ready = databaseAnswers();
        if (lastReady.getAndSet(ready) != ready) {
            log.info("Readiness changed to {}", ready ? "ready" : "not ready");
        }
        if (ready) {
            ApiResponses.ok(ctx, Map.of("status", "ready"));
        } else {
            new ErrorBody("SERVICE_UNAVAILABLE", "The database did not respond in time or failed.", null).write(ctx, 503);
        }
    }

    /**
     * Runs {@code SELECT 1} on a virtual thread and waits at most the timeout, because a
     * pool or network stall can block far longer than a probe may take.
     */
    boolean databaseAnswers() {
        CompletableFuture<Boolean> check = CompletableFuture.supplyAsync(this::selectOne, Thread::startVirtualThread);
        try {
            return check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            check.cancel(true);
            logFailure("timed out after " + timeout.toMillis() + " ms");
            return false;
        } catch (ExecutionException e) {
            logFailure(e.getCause().toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Logs at WARN only when the check was passing before, so a long outage logs once. */
    private void logFailure(String reason) {
        if (lastReady.get()) {
            log.warn("Readiness check failed: {}", reason);
        } else {
            log.debug("Readiness check failed: {}", reason);
        }
    }

    private boolean selectOne() {
        int seconds = (int) Math.max(1, timeout.toSeconds());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
            statement.setQueryTimeout(seconds);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getInt(1) == 1;
            }
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }
}
