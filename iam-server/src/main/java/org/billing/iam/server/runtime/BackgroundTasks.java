package org.billing.iam.server.runtime;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that the server runs beside HTTP, such as the clean-up scheduler. Features add each task
 * once it is started, and {@link IamServer} closes them all, newest first, before it stops HTTP
 * and the database.
 */
public final class BackgroundTasks {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTasks.class);

    private final List<AutoCloseable> tasks = new ArrayList<>();

    /** Adds a started task to close at shutdown. */
    public synchronized void add(AutoCloseable task) {
        tasks.add(task);
    }

    /** Closes every task, newest first; a failure is logged and the remaining tasks still close. */
    synchronized void closeAll() {
        for (int i = tasks.size() - 1; i >= 0; i--) {
            try {
                tasks.get(i).close();
            } catch (Exception e) {
                LOG.warn("Failed to stop background task {}", tasks.get(i), e);
            }
        }
        tasks.clear();
    }
}
