package org.billing.iam.server.runtime;

import io.javalin.Javalin;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.billing.iam.core.mail.Mailer;
import org.billing.iam.core.mail.OutboxMailer;
import org.billing.iam.core.mail.SmtpMailer;
import org.billing.iam.server.config.DataDirectory;
import org.billing.iam.server.config.ServerConfig;
import org.billing.iam.server.http.HttpApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running service: database (started and migrated), mailer and HTTP server. {@link #stop()}
 * shuts them down in reverse order.
 */
public final class IamServer {

    private static final Logger log = LoggerFactory.getLogger(IamServer.class);

    private final ServerConfig config;
    private final Database database;
    private final Javalin http;
    private final BackgroundTasks backgroundTasks;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private IamServer(ServerConfig config, Database database, Javalin http, BackgroundTasks backgroundTasks) {
        this.config = config;
        this.database = database;
        this.http = http;
        this.backgroundTasks = backgroundTasks;
    }

    /** Starts the database, applies migrations, and starts HTTP with the given features. */
    public static IamServer start(ServerConfig config, Features features, Clock clock) {
        if (config.database().isEmbedded() || config.smtp().isEmpty()) {
            DataDirectory.prepare(config.dataDirectory());
        }
        Database database = Database.open(config);
        BackgroundTasks backgroundTasks = new BackgroundTasks();
        try {
            database.migrate();
            Mailer mailer = mailer(config, clock);
            Platform platform = new Platform(config, database.dataSource(), mailer, clock, backgroundTasks);
            Javalin http = HttpApp.create(config.trustedProxies(), features.modules(platform));
            http.start(config.httpHost(), config.httpPort());
            log.info("IAM server listening on http://{}:{} (database: {}, data directory: {}, mail: {})",
                    config.httpHost(), http.port(), database.mode(), config.dataDirectory(), mailDescription(config));
            return new IamServer(config, database, http, backgroundTasks);
        } catch (RuntimeException e) {
            backgroundTasks.closeAll();
            database.close();
            throw e;
        }
    }

    /** Returns the port HTTP listens on, useful when the configured port was 0. */
    public int port() {
        return http.port();
    }

    /** Returns the configuration the server runs with. */
    public ServerConfig config() {
        return config;
    }

    /** Returns the database, for commands and tests that need direct access. */
    public Database database() {
        return database;
    }

    /** Stops background tasks and HTTP, closes the pool and stops embedded PostgreSQL; later calls do nothing. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        log.info("Stopping IAM server");
        try {
            backgroundTasks.closeAll();
            http.stop();
        } finally {
            database.close();
        }
        log.info("IAM server stopped");
    }

    /** Returns the configured mailer: SMTP, or the outbox directory when no SMTP server is set. */
    static Mailer mailer(ServerConfig config, Clock clock) {
        if (config.smtp().isPresent()) {
            return new SmtpMailer(config.smtp().get(), clock);
        }
        return new OutboxMailer(config.outboxDirectory(), config.mailFrom(), clock);
    }

    private static String mailDescription(ServerConfig config) {
        return config.smtp()
                .map(smtp -> "SMTP " + smtp.host() + ":" + smtp.port())
                .orElse("outbox " + config.outboxDirectory());
    }
}
