package org.billing.iam.schema.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.billing.iam.schema.EmbeddedDatabase;
import org.billing.iam.schema.Migrations;

/**
 * One real PostgreSQL server per test JVM, and a fresh migrated database for each caller.
 *
 * <p>The first call starts the server and migrates a template database; every later
 * database is a copy of that template, which takes milliseconds instead of a migration.
 */
public final class TestPostgres {

    private static final String TEMPLATE = "iam_template";
    private static final AtomicInteger DATABASE_COUNTER = new AtomicInteger();
    private static EmbeddedDatabase server;

    private TestPostgres() {
    }

    /** Creates a new database migrated to the current schema and returns a pool for it. */
    public static HikariDataSource newDatabase() {
        return newDatabase(24);
    }

    /** Creates a new migrated database and returns a pool of at most {@code poolSize} connections. */
    public static HikariDataSource newDatabase(int poolSize) {
        EmbeddedDatabase running = server();
        String name = "iam_test_" + DATABASE_COUNTER.incrementAndGet();
        execute(running, "CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        return pool(running.jdbcUrl(name), poolSize);
    }

    /** Returns the shared server, starting it and preparing the template on first use. */
    public static synchronized EmbeddedDatabase server() {
        if (server == null) {
            Path directory = temporaryDirectory();
            server = EmbeddedDatabase.start(directory);
            execute(server, "CREATE DATABASE " + TEMPLATE);
            try (HikariDataSource template = pool(server.jdbcUrl(TEMPLATE), 2)) {
                Migrations.migrate(template);
            }
            EmbeddedDatabase started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                deleteRecursively(directory);
            }, "test-postgres-shutdown"));
        }
        return server;
    }

    private static HikariDataSource pool(String jdbcUrl, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername("postgres");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }

    private static void execute(EmbeddedDatabase database, String sql) {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Failed to run on the test server: " + sql, e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete test database directory " + directory + ": " + e);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("iam-test-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
