package org.billing.iam.core.cleanup;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job, normally {@link CleanupJob#run()}, on one daemon thread: first after
 * {@code initialDelay}, then {@code interval} after each run ends, so runs never overlap on
 * one node. A failed run is logged at WARN and the next one runs on schedule. Several nodes
 * may each run a scheduler, because the clean-up batches skip rows that another node holds.
 */
public final class CleanupScheduler implements AutoCloseable {

    /** Time between runs unless configured otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(CleanupScheduler.class);

    private final Runnable job;
    private final Duration initialDelay;
    private final Duration interval;
    private final ScheduledExecutorService executor;

    /** Creates a scheduler for {@code job}, such as {@code cleanupJob::run}. Runs begin at {@link #start()}. */
    public CleanupScheduler(Runnable job, Duration initialDelay, Duration interval) {
        this.job = Objects.requireNonNull(job, "job");
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must not be negative, got " + initialDelay);
        }
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("interval must be at least 1 ms, got " + interval);
        }
        this.initialDelay = initialDelay;
        this.interval = interval;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "iam-cleanup");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Schedules the runs; call once. */
    public void start() {
        executor.scheduleWithFixedDelay(this::runSafely, initialDelay.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("Clean-up scheduled every {} after an initial delay of {}", interval, initialDelay);
    }

    /** Stops scheduling and waits up to 30 seconds for a run in progress to finish. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Clean-up run still in progress after 30 s at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Clean-up scheduler stopped");
    }

    private void runSafely() {
        try {
            job.run();
        } catch (RuntimeException e) {
            // A thrown exception would cancel every later run of scheduleWithFixedDelay.
            LOG.warn("Clean-up run failed; the next one runs in {}", interval, e);
        }
    }
}
