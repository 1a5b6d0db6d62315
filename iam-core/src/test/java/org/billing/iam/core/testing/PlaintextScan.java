package org.billing.iam.core.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures the project's log lines at DEBUG and reads every table as text, so a test can
 * search both for plaintext secrets. Close it to detach the log capture.
 */
public final class PlaintextScan implements AutoCloseable {

    private final TestIam iam;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger projectLogger = (Logger) LoggerFactory.getLogger("org.billing");

    /** Starts capturing log lines of {@code org.billing} loggers. */
    public PlaintextScan(TestIam iam) {
        this.iam = iam;
        projectLogger.setLevel(Level.DEBUG);
        logs.start();
        projectLogger.addAppender(logs);
    }

    /** Returns every row of every table in the public schema, one line each, prefixed by its table. */
    public String tables() {
        StringBuilder dump = new StringBuilder();
        List<String> tables = iam.db().fetchValues(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                        + " AND table_type = 'BASE TABLE'").stream().map(String::valueOf).toList();
        for (String table : tables) {
            for (Object row : iam.db().fetchValues("SELECT t::text FROM \"" + table + "\" t")) {
                dump.append(table).append(' ').append(row).append('\n');
            }
        }
        return dump.toString();
    }

    /** Returns the captured log messages with the messages of their exceptions and causes. */
    public String logText() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : logs.list) {
            text.append(event.getFormattedMessage()).append('\n');
            for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
                text.append(cause.getMessage()).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        projectLogger.detachAppender(logs);
    }
}
