package org.billing.iam.core.account;

import java.util.Locale;
import java.util.regex.Pattern;
import org.billing.iam.core.error.ValidationException;

/**
 * Input rules for account fields. Each method returns the normalised value or throws a
 * {@link ValidationException} naming the field and the rule, never echoing a password.
 */
public final class AccountRules {

    /** Maximum email length, the size of {@code users.email}. */
    public static final int MAX_EMAIL_LENGTH = 255;
    /** Shortest accepted password. */
    public static final int MIN_PASSWORD_LENGTH = 12;
    /**
     * Maximum password length at registration, so the Argon2 input stays bounded. Login
     * accepts up to {@link #MAX_LOGIN_PASSWORD_LENGTH} in case older accounts chose longer ones.
     */
    public static final int MAX_PASSWORD_LENGTH = 256;
    /** Maximum password length at login. */
    public static final int MAX_LOGIN_PASSWORD_LENGTH = 1024;
    /** Maximum full name length, the size of {@code users.full_name}. */
    public static final int MAX_FULL_NAME_LENGTH = 200;
    /** Maximum phone number length, the size of {@code users.phone}. */
    public static final int MAX_PHONE_LENGTH = 20;

    // A pragmatic subset of RFC 5322 addresses: an unquoted local part of at most 64
    // characters and a domain of LDH labels with an alphabetic top-level label.
    private static final Pattern EMAIL = Pattern.compile(
            "[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final int MAX_LOCAL_PART_LENGTH = 64;
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ().-]*");
    private static final int MIN_PHONE_DIGITS = 7;
    private static final int MAX_PHONE_DIGITS = 15;

    private AccountRules() {
    }

    /** Text stored in audit details in place of a typed email that is not an address. */
    public static final String NOT_AN_EMAIL = "[not an email address]";

    /**
     * Returns the email trimmed and lower-cased, the form stored in {@code users.email}. Values
     * that no stored email can equal are rejected here, before any lookup: PostgreSQL rejects
     * a NUL character in a query parameter, and an unbounded value would be copied into the
     * audit log.
     *
     * @throws ValidationException when the email is missing, longer than
     *     {@value #MAX_EMAIL_LENGTH} characters or contains a control character
     */
    public static String canonicalEmail(String email) {
        if (email == null || email.isBlank()) {
            throw new ValidationException("email", "Email is required.");
        }
        String canonical = email.strip().toLowerCase(Locale.ROOT);
        if (canonical.length() > MAX_EMAIL_LENGTH) {
            throw new ValidationException("email", "Email must be at most " + MAX_EMAIL_LENGTH + " characters.");
        }
        if (canonical.chars().anyMatch(Character::isISOControl)) {
            throw new ValidationException("email", "Email must not contain control characters.");
        }
        return canonical;
    }

    /**
     * Returns a canonical email for an audit entry about an unknown account, or
     * {@link #NOT_AN_EMAIL} when it is not a plausible address, because such a value can be
     * a password typed into the email field.
     */
    public static String emailForAudit(String canonicalEmail) {
        return isValidEmail(canonicalEmail) ? canonicalEmail : NOT_AN_EMAIL;
    }

    /** Returns whether a canonical email has a plausible format and length. */
    public static boolean isValidEmail(String canonicalEmail) {
        int at = canonicalEmail.indexOf('@');
        return canonicalEmail.length() <= MAX_EMAIL_LENGTH
                && at > 0 && at <= MAX_LOCAL_PART_LENGTH
                && EMAIL.matcher(canonicalEmail).matches();
    }

    /** Returns the canonical form of a new account's email. */
    public static String requireValidEmail(String email) {
        String canonical = canonicalEmail(email);
        if (!isValidEmail(canonical)) {
            throw new ValidationException("email", "Email is not a valid address.");
        }
        return canonical;
    }

    /**
     * Checks a new password: {@value #MIN_PASSWORD_LENGTH} to {@value #MAX_PASSWORD_LENGTH}
     * characters with an upper-case letter, a lower-case letter, a digit and a character that
     * is neither a letter nor a digit.
     */
    public static void requireStrongPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new ValidationException("password", "Password is required.");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
            throw new ValidationException("password", "Password must be " + MIN_PASSWORD_LENGTH + " to "
                    + MAX_PASSWORD_LENGTH + " characters long.");
        }
        boolean upper = password.codePoints().anyMatch(Character::isUpperCase);
        boolean lower = password.codePoints().anyMatch(Character::isLowerCase);
        boolean digit = password.codePoints().anyMatch(Character::isDigit);
        boolean special = password.codePoints().anyMatch(c -> !Character.isLetterOrDigit(c));
        if (!upper || !lower || !digit || !special) {
            throw new ValidationException("password", "Password must contain an upper-case letter, "
                    + "a lower-case letter, a digit and a special character.");
        }
    }

    /** Checks a password typed at login: present and at most {@value #MAX_LOGIN_PASSWORD_LENGTH} characters. */
    public static void requireLoginPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new ValidationException("password", "Password is required.");
        }
        if (password.length() > MAX_LOGIN_PASSWORD_LENGTH) {
            throw new ValidationException("password", "Password must be at most "
                    + MAX_LOGIN_PASSWORD_LENGTH + " characters.");
        }
    }

    /** Returns the full name trimmed: 1 to {@value #MAX_FULL_NAME_LENGTH} characters, no control characters. */
    public static String requireFullName(String fullName) {
        String trimmed = fullName == null ? "" : fullName.strip();
        if (trimmed.isEmpty()) {
            throw new ValidationException("full_name", "Full name is required.");
        }
        if (trimmed.length() > MAX_FULL_NAME_LENGTH) {
            throw new ValidationException("full_name", "Full name must be at most "
                    + MAX_FULL_NAME_LENGTH + " characters.");
        }
        if (trimmed.codePoints().anyMatch(Character::isISOControl)) {
            throw new ValidationException("full_name", "Full name must not contain control characters.");
        }
        return trimmed;
    }

    /**
     * Returns the phone number trimmed, or null when absent or blank. A number has at most
     * {@value #MAX_PHONE_LENGTH} characters: an optional leading '+', then digits, spaces,
     * dots, dashes and parentheses, with 7 to 15 digits (the E.164 maximum).
     */
    public static String optionalPhone(String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        String trimmed = phone.strip();
        if (trimmed.length() > MAX_PHONE_LENGTH) {
            throw new ValidationException("phone", "Phone must be at most " + MAX_PHONE_LENGTH + " characters.");
        }
        long digits = trimmed.chars().filter(c -> c >= '0' && c <= '9').count();
        if (!PHONE.matcher(trimmed).matches() || digits < MIN_PHONE_DIGITS || digits > MAX_PHONE_DIGITS) {
            throw new ValidationException("phone", "Phone is not a valid number.");
        }
        return trimmed;
    }
}
