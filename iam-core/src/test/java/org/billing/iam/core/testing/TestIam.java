package org.billing.iam.core.testing;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.billing.iam.core.IamCore;
import org.billing.iam.core.IamSettings;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.crypto.Argon2Parameters;
import org.billing.iam.core.crypto.Argon2idHasher;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.crypto.TotpSecretCipher;
import org.billing.iam.schema.testing.TestPostgres;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

/**
 * A complete {@link IamCore} on a fresh real PostgreSQL database, with a movable clock, a
 * recording mailer, cheap Argon2 settings and a log of every SQL statement. Close it after
 * the test to release the connection pool.
 */
public final class TestIam implements AutoCloseable {

    /** Argon2id settings that keep tests fast; never use them outside tests. */
    public static final Argon2Parameters CHEAP_ARGON2 = new Argon2Parameters(256, 1, 1);
    /** Public URL used in email links. */
    public static final String PUBLIC_URL = "https://billing.test";
    /** Request metadata for tests that do not care where a request came from. */
    public static final RequestMetadata REQUEST = new RequestMetadata("203.0.113.7", "JUnit");

    private final HikariDataSource dataSource;
    private final DSLContext db;
    private final MutableClock clock = new MutableClock();
    private final RecordingMailer mailer = new RecordingMailer();
    private final QueryLog queries = new QueryLog();
    private final CountingPasswordHasher hasher;
    private final TotpSecretCipher cipher;
    private final IamSettings settings;
    private final IamCore core;

    private TestIam(int poolSize) {
        dataSource = TestPostgres.newDatabase(poolSize);
        db = DSL.using(new DefaultConfiguration()
                .set(queries.wrap(dataSource))
                .set(SQLDialect.POSTGRES));
        SecureRandom random = new SecureRandom();
        hasher = new CountingPasswordHasher(new Argon2idHasher(CHEAP_ARGON2, random));
        byte[] cipherKey = new byte[32];
        random.nextBytes(cipherKey);
        cipher = new TotpSecretCipher(cipherKey, random);
        byte[] mfaKey = "test-mfa-token-key-of-32-bytes!!".getBytes(StandardCharsets.US_ASCII);
        settings = new IamSettings(PUBLIC_URL, Arrays.copyOf(mfaKey, 32));
        // Background emails run on the calling thread, so they are in the mailer when the call returns.
        core = IamCore.create(db, clock, settings, mailer, hasher, cipher, new SecureTokens(random), Runnable::run);
        hasher.reset();
    }

    /** Starts a fixture on a new database with a pool of 24 connections. */
    public static TestIam start() {
        return new TestIam(24);
    }

    /** Starts a fixture whose pool has room for {@code poolSize} concurrent requests. */
    public static TestIam start(int poolSize) {
        return new TestIam(poolSize);
    }

    public IamCore core() {
        return core;
    }

    public DSLContext db() {
        return db;
    }

    public MutableClock clock() {
        return clock;
    }

    public RecordingMailer mailer() {
        return mailer;
    }

    public QueryLog queries() {
        return queries;
    }

    public CountingPasswordHasher hasher() {
        return hasher;
    }

    public TotpSecretCipher cipher() {
        return cipher;
    }

    public IamSettings settings() {
        return settings;
    }

    /** Starts building a user stored directly in the database. */
    public TestUsers.Builder user() {
        return new TestUsers.Builder(this);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
