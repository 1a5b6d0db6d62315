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
     * creating the cluster on first use and reusing it afterwards.
     */
    public static EmbeddedDatabase start(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
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

    /** Returns the directory that holds the cluster. */
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
