package org.billing.iam.server.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets generated for embedded mode, kept in {@code secrets.properties} in the data
 * directory with mode {@code rw-------}. A secret missing from the environment is read from
 * the file, or generated with {@link SecureRandom} and added to it, so every later start
 * reuses it. A secret given in the environment wins and is not written to the file.
 */
final class SecretsFile {

    private static final Logger log = LoggerFactory.getLogger(SecretsFile.class);

    static final String FILE_NAME = "secrets.properties";

    /**
     * Key of the embedded PostgreSQL superuser's password. Only this file contains it: no
     * environment variable sets it, because the embedded cluster is private to the service.
     */
    static final String EMBEDDED_DATABASE_PASSWORD = "embedded_postgres_password";

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private SecretsFile() {
    }

    /** The secrets of embedded mode: the service's keys and the embedded database's password. */
    record Embedded(Secrets secrets, String databasePassword) {
        @Override
        public String toString() {
            return "SecretsFile.Embedded[secrets=" + secrets + ", databasePassword=(hidden)]";
        }
    }

    /** Returns the secrets for embedded mode, generating and storing the missing ones. */
    static Embedded loadOrCreate(Path dataDirectory, Map<String, String> environment, SecureRandom random) {
        Path file = dataDirectory.resolve(FILE_NAME);
        Properties stored = read(file);
        boolean changed = false;
        for (String name : new String[] {Secrets.TOTP_ENCRYPTION_KEY, Secrets.SESSION_SECRET}) {
            if (isBlank(environment.get(name)) && isBlank(stored.getProperty(name))) {
                stored.setProperty(name, generate(random));
                changed = true;
            }
        }
        if (isBlank(stored.getProperty(EMBEDDED_DATABASE_PASSWORD))) {
            rejectIfClusterNeedsPassword(dataDirectory, file);
            stored.setProperty(EMBEDDED_DATABASE_PASSWORD, generate(random));
            changed = true;
        }
        if (changed) {
            write(file, stored);
            log.info("Generated missing secrets and stored them in {}", file);
        }
        byte[] totpKey = Secrets.parseTotpKey(
                value(Secrets.TOTP_ENCRYPTION_KEY, environment, stored),
                source(Secrets.TOTP_ENCRYPTION_KEY, environment, file));
        byte[] sessionSecret = Secrets.parseSessionSecret(
                value(Secrets.SESSION_SECRET, environment, stored),
                source(Secrets.SESSION_SECRET, environment, file));
        return new Embedded(new Secrets(totpKey, sessionSecret), stored.getProperty(EMBEDDED_DATABASE_PASSWORD).strip());
    }

    /**
     * Stops start-up when the password is missing but the embedded cluster already requires
     * one, because a new password would not open it. A cluster that still trusts local
     * connections, as clusters made before the password existed do, gets a new password.
     */
    private static void rejectIfClusterNeedsPassword(Path dataDirectory, Path file) {
        Path rules = dataDirectory.resolve("postgres").resolve("pg_hba.conf");
        try {
            if (Files.isRegularFile(rules) && Files.readString(rules, StandardCharsets.UTF_8).contains("scram-sha-256")) {
                throw new ConfigException(EMBEDDED_DATABASE_PASSWORD + " is missing from " + file + ", but the embedded"
                        + " PostgreSQL in " + rules.getParent() + " requires it. Restore the secrets file that was"
                        + " created with this data directory.");
            }
        } catch (IOException e) {
            throw new ConfigException("Failed to read " + rules + ": " + e.getMessage(), e);
        }
    }

    private static String value(String name, Map<String, String> environment, Properties stored) {
        String fromEnvironment = environment.get(name);
        return isBlank(fromEnvironment) ? stored.getProperty(name) : fromEnvironment;
    }

    /** Names where a value came from, so an error points at the variable or at the file. */
    private static String source(String name, Map<String, String> environment, Path file) {
        return isBlank(environment.get(name)) ? name + " in " + file : name;
    }

    /** 32 random bytes as 64 hex characters, the format every generated secret takes. */
    private static String generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Properties read(Path file) {
        Properties properties = new Properties();
        if (!Files.exists(file)) {
            return properties;
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("The generated secrets file " + file + " is not a regular file."
                    + " Move it away, or restore the secrets file that was created with this data directory.");
        }
        restrictToOwner(file);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            return properties;
        } catch (IOException | IllegalArgumentException e) {
            // The exception's own message is left out: it may quote part of the file.
            throw new ConfigException("Failed to read the generated secrets file " + file + " ("
                    + e.getClass().getSimpleName() + "). It must be a Java properties file in UTF-8;"
                    + " restore the copy that was created with this data directory.", e);
        }
    }

    /** Writes through a temporary owner-only file and renames it, so a crash never leaves half a file. */
    private static void write(Path file, Properties properties) {
        try {
            Path temporary = POSIX
                    ? Files.createTempFile(file.getParent(), ".secrets-", ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(file.getParent(), ".secrets-", ".tmp");
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(writer, "Generated by the IAM service for embedded mode. Keep private;"
                        + " losing IAM_TOTP_ENCRYPTION_KEY makes every enrolled TOTP secret unreadable.");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ConfigException("Failed to write the generated secrets file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void restrictToOwner(Path file) {
        if (!POSIX) {
            return;
        }
        try {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
            if (!mode.equals("rw-------")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                log.warn("Changed the mode of {} from {} to rw-------", file, mode);
            }
        } catch (IOException e) {
            throw new ConfigException("Failed to restrict the permissions of " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
