package org.billing.iam.server.config;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.billing.iam.core.cleanup.CleanupScheduler;
import org.billing.iam.core.mail.SmtpSettings;
import org.billing.iam.server.api.RateLimitSettings;
import org.billing.iam.server.http.TrustedProxies;

/**
 * Reads {@link ServerConfig} from environment variables. A variable that is unset or
 * blank takes its default. An invalid value raises a {@link ConfigException} naming the
 * variable; values of secrets are never quoted.
 *
 * <p>In embedded mode (no {@code IAM_DATABASE_URL}) loading prepares the data directory
 * and generates missing secrets into it. In external mode both secrets are required.
 */
public final class ConfigLoader {

    public static final String DATABASE_URL = "IAM_DATABASE_URL";
    public static final String DATABASE_USER = "IAM_DATABASE_USER";
    public static final String DATABASE_PASSWORD = "IAM_DATABASE_PASSWORD";
    public static final String DATA_DIR = "IAM_DATA_DIR";
    public static final String HTTP_HOST = "IAM_HTTP_HOST";
    public static final String HTTP_PORT = "IAM_HTTP_PORT";
    public static final String PUBLIC_URL = "IAM_PUBLIC_URL";
    public static final String TRUSTED_PROXIES = "IAM_TRUSTED_PROXIES";
    public static final String SMTP_HOST = "IAM_SMTP_HOST";
    public static final String SMTP_PORT = "IAM_SMTP_PORT";
    public static final String SMTP_USERNAME = "IAM_SMTP_USERNAME";
    public static final String SMTP_PASSWORD = "IAM_SMTP_PASSWORD";
    public static final String SMTP_FROM = "IAM_SMTP_FROM";
    public static final String SMTP_STARTTLS = "IAM_SMTP_STARTTLS";
    public static final String RATE_LIMIT_SIGN_IN = "IAM_RATE_LIMIT_SIGN_IN_PER_MINUTE";
    public static final String RATE_LIMIT_REGISTRATION = "IAM_RATE_LIMIT_REGISTRATION_PER_HOUR";
    public static final String RATE_LIMIT_PASSWORD_RESET = "IAM_RATE_LIMIT_PASSWORD_RESET_PER_HOUR";
    public static final String RATE_LIMIT_RESET_EMAIL = "IAM_RATE_LIMIT_RESET_EMAIL_PER_HOUR";
    public static final String RATE_LIMIT_USER = "IAM_RATE_LIMIT_USER_PER_MINUTE";
    public static final String CLEANUP_INTERVAL = "IAM_CLEANUP_INTERVAL";

    static final String DEFAULT_DATA_DIR = "./iam-data";
    static final String DEFAULT_HTTP_HOST = "127.0.0.1";
    static final int DEFAULT_HTTP_PORT = 8080;
    static final int DEFAULT_SMTP_PORT = 587;
    static final String DEFAULT_MAIL_FROM = "no-reply@localhost";
    /** Largest accepted value of a rate limit variable. */
    static final int MAX_RATE_LIMIT = 1_000_000;
    /** Shortest accepted clean-up interval. */
    static final Duration MIN_CLEANUP_INTERVAL = Duration.ofSeconds(1);
    /** Longest accepted clean-up interval: the 30 days that ended sessions are kept. */
    static final Duration MAX_CLEANUP_INTERVAL = Duration.ofDays(30);

    private final Map<String, String> environment;
    private final SecureRandom random;

    private ConfigLoader(Map<String, String> environment, SecureRandom random) {
        this.environment = Map.copyOf(environment);
        this.random = random;
    }

    /** Loads the configuration from {@code environment}, such as {@link System#getenv()}. */
    public static ServerConfig load(Map<String, String> environment) {
        return new ConfigLoader(environment, new SecureRandom()).load();
    }

    private ServerConfig load() {
        DatabaseSettings database = database();
        Path dataDirectory = dataDirectory();
        int httpPort = port(HTTP_PORT, DEFAULT_HTTP_PORT, 0);
        String publicUrl = publicUrl(httpPort);
        TrustedProxies trustedProxies = trustedProxies();
        String mailFrom = mailFrom();
        Optional<SmtpSettings> smtp = smtp(mailFrom);
        RateLimitSettings rateLimits = rateLimits();
        Duration cleanupInterval = cleanupInterval();
        Secrets secrets;
        if (database.isEmbedded()) {
            SecretsFile.Embedded embedded = embeddedSecrets(dataDirectory);
            secrets = embedded.secrets();
            database = DatabaseSettings.embedded(embedded.databasePassword());
        } else {
            secrets = externalSecrets();
        }
        return new ServerConfig(database, dataDirectory, get(HTTP_HOST).orElse(DEFAULT_HTTP_HOST), httpPort,
                publicUrl, secrets, trustedProxies, smtp, mailFrom, rateLimits, cleanupInterval);
    }

    private RateLimitSettings rateLimits() {
        RateLimitSettings defaults = RateLimitSettings.DEFAULTS;
        return new RateLimitSettings(
                rateLimit(RATE_LIMIT_SIGN_IN, defaults.signInPerMinute()),
                rateLimit(RATE_LIMIT_REGISTRATION, defaults.registrationPerHour()),
                rateLimit(RATE_LIMIT_PASSWORD_RESET, defaults.passwordResetPerHour()),
                rateLimit(RATE_LIMIT_RESET_EMAIL, defaults.resetEmailPerHour()),
                rateLimit(RATE_LIMIT_USER, defaults.userPerMinute()));
    }

    private int rateLimit(String name, int defaultLimit) {
        Optional<String> text = get(name);
        if (text.isEmpty()) {
            return defaultLimit;
        }
        String value = text.get().strip();
        if (value.length() > 7 || !value.chars().allMatch(Character::isDigit)
                || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_RATE_LIMIT) {
            throw new ConfigException(name + " must be a whole number of requests from 1 to " + MAX_RATE_LIMIT
                    + ", was '" + value + "'");
        }
        return Integer.parseInt(value);
    }

    /** Reads the interval as whole minutes, such as {@code 60}, or an ISO-8601 duration, such as {@code PT1H}. */
    private Duration cleanupInterval() {
        Optional<String> text = get(CLEANUP_INTERVAL);
        if (text.isEmpty()) {
            return CleanupScheduler.DEFAULT_INTERVAL;
        }
        String value = text.get().strip();
        Duration interval;
        try {
            interval = value.chars().allMatch(Character::isDigit) && value.length() <= 6
                    ? Duration.ofMinutes(Long.parseLong(value))
                    : Duration.parse(value);
        } catch (DateTimeParseException e) {
            interval = null;
        }
        if (interval == null || interval.compareTo(MIN_CLEANUP_INTERVAL) < 0
                || interval.compareTo(MAX_CLEANUP_INTERVAL) > 0) {
            throw new ConfigException(CLEANUP_INTERVAL + " must be a whole number of minutes such as 60, or an"
                    + " ISO-8601 duration such as PT1H or PT30M, from one second to 30 days, was '" + value + "'");
        }
        return interval;
    }

    private DatabaseSettings database() {
        Optional<String> url = get(DATABASE_URL);
        if (url.isEmpty()) {
            rejectWithout(DATABASE_USER, DATABASE_URL);
            rejectWithout(DATABASE_PASSWORD, DATABASE_URL);
            return DatabaseSettings.embedded(null);
        }
        // The URL is not quoted in the message because it may carry a password parameter.
        if (!url.get().startsWith("jdbc:postgresql:")) {
            throw new ConfigException(DATABASE_URL + " must be a PostgreSQL JDBC URL starting with"
                    + " jdbc:postgresql://, for example jdbc:postgresql://db.internal:5432/iam");
        }
        return new DatabaseSettings(url.get(), get(DATABASE_USER).orElse(null), get(DATABASE_PASSWORD).orElse(null));
    }

    private Path dataDirectory() {
        String text = get(DATA_DIR).orElse(DEFAULT_DATA_DIR);
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigException(DATA_DIR + " is not a valid path: '" + text + "'", e);
        }
    }

    private int port(String name, int defaultPort, int minimum) {
        Optional<String> text = get(name);
        if (text.isEmpty()) {
            return defaultPort;
        }
        String value = text.get().strip();
        if (value.isEmpty() || value.length() > 5 || !value.chars().allMatch(Character::isDigit)
                || Integer.parseInt(value) < minimum || Integer.parseInt(value) > 65535) {
            throw new ConfigException(name + " must be a whole number from " + minimum + " to 65535, was '" + value + "'");
        }
        return Integer.parseInt(value);
    }

    private String publicUrl(int httpPort) {
        Optional<String> text = get(PUBLIC_URL);
        if (text.isEmpty()) {
            return "http://localhost:" + httpPort;
        }
        String value = text.get().strip();
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigException(PUBLIC_URL + " is not a valid URL: '" + value + "'", e);
        }
        boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
        if (!web || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new ConfigException(PUBLIC_URL + " must be an http or https URL with a host and without"
                    + " user info, query or fragment, such as https://iam.example.org, was '" + value + "'");
        }
        return value.replaceAll("/+$", "");
    }

    private TrustedProxies trustedProxies() {
        Optional<String> text = get(TRUSTED_PROXIES);
        if (text.isEmpty()) {
            return TrustedProxies.none();
        }
        try {
            return TrustedProxies.parse(text.get());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(TRUSTED_PROXIES + " must be a comma-separated list of IP addresses and"
                    + " CIDR ranges such as 10.0.0.0/8: " + e.getMessage(), e);
        }
    }

    private String mailFrom() {
        String value = get(SMTP_FROM).orElse(DEFAULT_MAIL_FROM).strip();
        try {
            new InternetAddress(value, true).validate();
            return value;
        } catch (AddressException e) {
            throw new ConfigException(SMTP_FROM + " must be an email address such as"
                    + " no-reply@example.org or \"Billing <no-reply@example.org>\", was '" + value + "'", e);
        }
    }

    private Optional<SmtpSettings> smtp(String mailFrom) {
        Optional<String> host = get(SMTP_HOST);
        if (host.isEmpty()) {
            for (String name : new String[] {SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_STARTTLS}) {
                rejectWithout(name, SMTP_HOST);
            }
            return Optional.empty();
        }
        Optional<String> username = get(SMTP_USERNAME);
        Optional<String> password = get(SMTP_PASSWORD);
        if (username.isPresent() != password.isPresent()) {
            throw new ConfigException(SMTP_USERNAME + " and " + SMTP_PASSWORD + " must be set together");
        }
        return Optional.of(new SmtpSettings(host.get().strip(), port(SMTP_PORT, DEFAULT_SMTP_PORT, 1),
                username.orElse(null), password.orElse(null), mailFrom, startTls(),
                SmtpSettings.DEFAULT_TIMEOUT));
    }

    private boolean startTls() {
        String value = get(SMTP_STARTTLS).orElse("true").strip();
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(SMTP_STARTTLS + " must be true or false, was '" + value + "'");
    }

    private SecretsFile.Embedded embeddedSecrets(Path dataDirectory) {
        DataDirectory.prepare(dataDirectory);
        return SecretsFile.loadOrCreate(dataDirectory, environment, random);
    }

    private Secrets externalSecrets() {
        return new Secrets(
                Secrets.parseTotpKey(required(Secrets.TOTP_ENCRYPTION_KEY), Secrets.TOTP_ENCRYPTION_KEY),
                Secrets.parseSessionSecret(required(Secrets.SESSION_SECRET), Secrets.SESSION_SECRET));
    }

    private String required(String name) {
        return get(name).orElseThrow(() -> new ConfigException(name + " is required when " + DATABASE_URL
                + " is set; generate one with: openssl rand -hex 32"));
    }

    private void rejectWithout(String name, String requiredName) {
        if (get(name).isPresent()) {
            throw new ConfigException(name + " is set but " + requiredName + " is not; set " + requiredName
                    + " or unset " + name);
        }
    }

    private Optional<String> get(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
