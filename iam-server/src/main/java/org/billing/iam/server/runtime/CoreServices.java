package org.billing.iam.server.runtime;

import java.security.SecureRandom;
import org.billing.iam.core.IamCore;
import org.billing.iam.core.IamSettings;
import org.billing.iam.core.crypto.Argon2Parameters;
import org.billing.iam.core.crypto.Argon2idHasher;
import org.billing.iam.core.crypto.BoundedPasswordHasher;
import org.billing.iam.core.crypto.PasswordHashers;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.crypto.TotpSecretCipher;
import org.billing.iam.server.config.Secrets;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the domain services of the running server from its platform. */
final class CoreServices {

    private static final Logger log = LoggerFactory.getLogger(CoreServices.class);

    private CoreServices() {
    }

    /**
     * Builds {@link IamCore} with production Argon2id settings, the configured TOTP encryption
     * key and session secret, the platform's clock, pool and mailer. At most one Argon2id run
     * per processor runs at once: each uses 19 MiB while it runs, and a single-lane run keeps
     * one processor busy, so more at once would add memory without adding throughput.
     */
    static IamCore create(Platform platform) {
        SecureRandom random = new SecureRandom();
        Argon2idHasher argon2 = PasswordHashers.create(Argon2Parameters.PRODUCTION, random);
        int maxConcurrentHashes = Runtime.getRuntime().availableProcessors();
        log.info("Password hashing uses Argon2id from {}, at most {} at once",
                argon2.implementation(), maxConcurrentHashes);

        Secrets secrets = platform.config().secrets();
        TotpSecretCipher cipher = new TotpSecretCipher(secrets.totpEncryptionKey(), random);
        IamSettings settings = new IamSettings(platform.config().publicUrl(), secrets.sessionSecret());
        DSLContext db = DSL.using(platform.dataSource(), SQLDialect.POSTGRES);
        return IamCore.create(db, platform.clock(), settings, platform.mailer(),
                new BoundedPasswordHasher(argon2, maxConcurrentHashes), cipher, new SecureTokens(random));
    }
}
