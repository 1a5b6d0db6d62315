package org.billing.iam.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

class Argon2PhcTest {

    private static final String SALT = "AAECAwQFBgcICQoLDA0ODw";
    private static final String HASH = "zWdrPqSXIdVomgLXy3bSQD4eDmFfbz8Vx8h7J0rSwFI";
    private static final String HEADER = "$argon2id$v=19$m=64,t=1,p=1$";
    private static final Argon2idHasher HASHER =
            new Argon2idHasher(new Argon2Parameters(64, 1, 1), new SecureRandom());

    static Stream<String> malformed() {
        return Stream.of(
                "",
                "not a hash",
                "$argon2id$",
                "$argon2i$v=19$m=64,t=1,p=1$" + SALT + "$" + HASH,
                "$argon2d$v=19$m=64,t=1,p=1$" + SALT + "$" + HASH,
                "$ARGON2ID$v=19$m=64,t=1,p=1$" + SALT + "$" + HASH,
                "$argon2id$v=16$m=64,t=1,p=1$" + SALT + "$" + HASH,
                "$argon2id$m=64,t=1,p=1$" + SALT + "$" + HASH,
                "$argon2id$v=19$t=1,m=64,p=1$" + SALT + "$" + HASH,
                "$argon2id$v=19$m=064,t=1,p=1$" + SALT + "$" + HASH,
                "$argon2id$v=19$m=64,t=1,p=1,keyid=abc$" + SALT + "$" + HASH,
                "$argon2id$v=19$m=4194304,t=1,p=1$" + SALT + "$" + HASH,
                "$argon2id$v=19$m=999999999,t=1,p=1$" + SALT + "$" + HASH,
                "$argon2id$v=19$m=9999999999,t=1,p=1$" + SALT + "$" + HASH,
                "$argon2id$v=19$m=65537,t=1,p=1$" + SALT + "$" + HASH,
                "$argon2id$v=19$m=64,t=11,p=1$" + SALT + "$" + HASH,
                "$argon2id$v=19$m=64,t=4294967295,p=1$" + SALT + "$" + HASH,
                "$argon2id$v=19$m=1024,t=1,p=17$" + SALT + "$" + HASH,
                "$argon2id$v=19$m=64,t=1,p=9$" + SALT + "$" + HASH,
                "$argon2id$v=19$m=7,t=1,p=1$" + SALT + "$" + HASH,
                "$argon2id$v=19$m=64,t=0,p=1$" + SALT + "$" + HASH,
                "$argon2id$v=19$m=-64,t=1,p=1$" + SALT + "$" + HASH,
                HEADER + SALT + "==$" + HASH,
                HEADER + SALT + "$" + HASH + "=",
                HEADER + SALT.replace('A', '-') + "$" + HASH,
                HEADER + "AAECAwQF" + "$" + HASH,
                HEADER + SALT + "$" + HASH.substring(0, 11),
                HEADER + SALT + "$" + HASH + HASH + HASH,
                HEADER + SALT + "$" + HASH + "$",
                HEADER + SALT + "$" + HASH + "\n",
                " " + HEADER + SALT + "$" + HASH,
                HEADER + "$" + HASH,
                HEADER + SALT + "$",
                HEADER + SALT + "$" + HASH + "x".repeat(100_000));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedHashIsRejectedWithoutThrowing(String phc) {
        assertTrue(Argon2Phc.parse(phc).isEmpty());
        assertFalse(HASHER.verify(phc, "pw"));
        assertTrue(HASHER.needsRehash(phc));
    }

    @Test
    void malformedHashWarningOmitsHashAndPassword() {
        Logger logger = (Logger) LoggerFactory.getLogger(Argon2idHasher.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        String stored = HEADER + SALT + "$" + HASH.substring(0, 30);
        try {
            HASHER.verify(stored, "correct horse battery staple");
        } finally {
            logger.detachAppender(appender);
        }

        assertEquals(1, appender.list.size());
        String logged = appender.list.get(0).getFormattedMessage();
        assertFalse(logged.contains(SALT), logged);
        assertFalse(logged.contains("correct horse"), logged);
    }

    @Test
    void validHashParses() {
        Argon2Phc parsed = Argon2Phc.parse(HEADER + SALT + "$" + HASH).orElseThrow();

        assertEquals(new Argon2Parameters(64, 1, 1), parsed.parameters());
        assertEquals(16, parsed.salt().length);
        assertEquals(32, parsed.hash().length);
    }

    @Test
    void everyTruncationOfStoredHashIsRejected() {
        String phc = HASHER.hash("pw");
        assertTrue(HASHER.verify(phc, "pw"));

        for (int length = 0; length < phc.length(); length++) {
            String truncated = phc.substring(0, length);
            assertFalse(HASHER.verify(truncated, "pw"), truncated);
        }
    }

    @Test
    void nonCanonicalBase64IsRejected() {
        // 22 characters carry 132 bits for a 16-byte salt; 'x' in place of 'w' sets one of the 4 unused bits.
        String canonical = HEADER + SALT + "$" + HASH;
        String nonCanonical = HEADER + SALT.substring(0, 21) + "x" + "$" + HASH;

        assertTrue(Argon2Phc.parse(canonical).isPresent());
        assertTrue(Argon2Phc.parse(nonCanonical).isEmpty());
    }

    @Test
    void limitsAreInclusive() {
        assertTrue(parses(Argon2Parameters.MAX_MEMORY_KIB, 1, 1));
        assertTrue(parses(64, Argon2Parameters.MAX_ITERATIONS, 1));
        assertTrue(parses(8 * Argon2Parameters.MAX_PARALLELISM, 1, Argon2Parameters.MAX_PARALLELISM));
        assertTrue(parses(8, 1, 1));
        assertTrue(parses(16, 1, 2));
        assertFalse(parses(15, 1, 2));
    }

    @Test
    void absurdMemoryCostIsRejectedBeforeAllocating() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        String absurd = "$argon2id$v=19$m=4194304,t=1,p=1$" + SALT + "$" + HASH;
        HASHER.verify(absurd, "warm-up");

        long before = threads.getCurrentThreadAllocatedBytes();
        boolean verified = HASHER.verify(absurd, "pw");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertFalse(verified);
        assertTrue(allocated < 1024 * 1024, "allocated " + allocated + " bytes");
    }

    @Test
    void formatThenParseRoundTrips() {
        String phc = HEADER + SALT + "$" + HASH;
        Argon2Phc parsed = Argon2Phc.parse(phc).orElseThrow();

        assertEquals(phc, Argon2Phc.format(parsed.parameters(), parsed.salt(), parsed.hash()));
    }

    private static boolean parses(int memoryKib, int iterations, int parallelism) {
        return Argon2Phc.parse("$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + SALT + "$" + HASH).isPresent();
    }
}
