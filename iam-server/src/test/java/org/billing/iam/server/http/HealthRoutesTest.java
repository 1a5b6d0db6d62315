package org.billing.iam.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.billing.iam.schema.testing.TestPostgres;
import org.junit.jupiter.api.Test;

class HealthRoutesTest {

    @Test
    void readyUntilPoolCloses() {
        HikariDataSource pool = TestPostgres.newDatabase(2);
        try (TestServer server = TestServer.start(new HealthRoutes(pool, Duration.ofSeconds(2)))) {
            HttpResponse<String> ready = server.get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"data\":{\"status\":\"ready\"}}");

            pool.close();

            HttpResponse<String> unready = server.get("/health/ready");
            assertThat(unready.statusCode()).isEqualTo(503);
            assertThat(unready.body()).contains("\"code\":\"SERVICE_UNAVAILABLE\"");
            assertThat(server.get("/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void stalledDatabaseTimesOutAs503() {
        try (TestServer server = TestServer.start(new HealthRoutes(new StalledDataSource(), Duration.ofMillis(300)))) {
            long start = System.nanoTime();
            HttpResponse<String> response = server.get("/health/ready");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(took).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void liveAnswersWithoutDatabase() {
        try (TestServer server = TestServer.start(new HealthRoutes(new StalledDataSource(), Duration.ofMillis(300)))) {
            HttpResponse<String> response = server.get("/health/live");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"data\":{\"status\":\"live\"}}");
        }
    }

    @Test
    void liveFastPathMatchesJavalinRoute() throws Exception {
        AtomicInteger javalinRequests = new AtomicInteger();
        try (TestServer server = TestServer.start(new HealthRoutes(new StalledDataSource(), Duration.ofMillis(300)),
                routes -> routes.before("/health/live", ctx -> javalinRequests.incrementAndGet()))) {
            int port = server.uri("/").getPort();
            for (String method : new String[] {"GET", "HEAD"}) {
                String fast = exchange(port, method, "");
                assertThat(javalinRequests).as("requests run by Javalin").hasValue(0);
                // A Content-Type header makes the fast path pass the request on to Javalin's route.
                String javalin = exchange(port, method, "Content-Type: application/json\r\n");
                assertThat(javalinRequests).as("requests run by Javalin").hasValue(1);
                javalinRequests.set(0);

                assertThat(withoutDate(fast)).as(method).isEqualTo(withoutDate(javalin));
                assertThat(fast).as(method).startsWith("HTTP/1.1 200 OK\r\n");
            }
            assertThat(exchange(port, "GET", "")).endsWith("\r\n\r\n{\"data\":{\"status\":\"live\"}}");
        }
    }

    /** Sends one request for /health/live on a new connection and returns the whole response. */
    private static String exchange(int port, String method, String extraHeaders) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String withoutDate(String response) {
        return response.replaceAll("\r\nDate: [^\r]*", "");
    }

    /** A data source whose connections never arrive, like a pool waiting on an unreachable server. */
    private static final class StalledDataSource implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            try {
                Thread.sleep(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SQLException("interrupted while waiting for a connection");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
