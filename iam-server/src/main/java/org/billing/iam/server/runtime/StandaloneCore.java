package org.billing.iam.server.runtime;

import java.time.Clock;
import org.billing.iam.core.IamCore;
import org.billing.iam.core.mail.Mailer;
import org.billing.iam.server.config.DataDirectory;
import org.billing.iam.server.config.ServerConfig;

/**
 * The domain services without HTTP, for operator commands such as {@code ./iam cleanup}: the
 * configured database (started and migrated, as {@code serve} does), the configured mailer and
 * one {@link IamCore}. Closing it closes the pool and stops an embedded database.
 */
public final class StandaloneCore implements AutoCloseable {

    private final Database database;
    private final IamCore core;

    private StandaloneCore(Database database, IamCore core) {
        this.database = database;
        this.core = core;
    }

    /** Opens the database, applies pending migrations and builds the services. */
    public static StandaloneCore open(ServerConfig config, Clock clock) {
        if (config.database().isEmbedded() || config.smtp().isEmpty()) {
            DataDirectory.prepare(config.dataDirectory());
        }
        Database database = Database.open(config);
        try {
            database.migrate();
            Mailer mailer = IamServer.mailer(config, clock);
            Platform platform = new Platform(config, database.dataSource(), mailer, clock, new BackgroundTasks());
            return new StandaloneCore(database, CoreServices.create(platform));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public IamCore core() {
        return core;
    }

    @Override
    public void close() {
        database.close();
    }
}
