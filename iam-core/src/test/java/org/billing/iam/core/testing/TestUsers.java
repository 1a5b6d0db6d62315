package org.billing.iam.core.testing;

import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.crypto.Base32;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.crypto.Totp;
import org.billing.iam.core.mfa.RecoveryCodeStore;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionStatus;

/** Users stored straight into the database, skipping the registration and enrolment flows. */
public final class TestUsers {

    /** Password of every built user unless set otherwise; it satisfies the password policy. */
    public static final String DEFAULT_PASSWORD = "Correct-Horse-42";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestUsers() {
    }

    /**
     * A stored user with the plaintexts the test needs.
     *
     * @param userId the account
     * @param email login email
     * @param password plaintext password
     * @param totpSecret base32 TOTP secret, or null without MFA
     * @param recoveryCodes recovery codes in display form, empty without MFA
     */
    public record TestUser(UUID userId, String email, String password, String totpSecret,
            List<String> recoveryCodes) {

        /** Returns the TOTP code of this user's secret for the clock's current step. */
        public String totpCode(Clock clock) {
            return totpCode(clock, 0);
        }

        /** Returns the TOTP code for the step {@code offset} steps away from the clock's current one. */
        public String totpCode(Clock clock, int offset) {
            return Totp.code(totpSecret, new Totp(clock).currentStep() + offset);
        }
    }

    /** Sets up one user; by default a verified physician on trial, without MFA. */
    public static final class Builder {

        private final TestIam iam;
        private String email = "user" + COUNTER.incrementAndGet() + "@example.org";
        private String password = DEFAULT_PASSWORD;
        private Role role = Role.PHYSICIAN;
        private SubscriptionStatus subscription = SubscriptionStatus.TRIAL;
        private boolean emailVerified = true;
        private boolean mfa;
        private boolean active = true;

        Builder(TestIam iam) {
            this.iam = iam;
        }

        public Builder email(String value) {
            email = value;
            return this;
        }

        public Builder password(String value) {
            password = value;
            return this;
        }

        public Builder role(Role value) {
            role = value;
            return this;
        }

        public Builder subscription(SubscriptionStatus value) {
            subscription = value;
            return this;
        }

        public Builder unverified() {
            emailVerified = false;
            return this;
        }

        public Builder inactive() {
            active = false;
            return this;
        }

        /** Gives the user an active TOTP secret and ten recovery codes. */
        public Builder withMfa() {
            mfa = true;
            return this;
        }

        /** Stores the user and returns it with its plaintexts. */
        public TestUser create() {
            String secret = mfa ? Base32.encode(new SecureTokens().bytes(20)) : null;
            UUID userId = iam.db().insertInto(USERS)
                    .set(USERS.EMAIL, email)
                    .set(USERS.PASSWORD_HASH, iam.hasher().hash(password))
                    .set(USERS.FULL_NAME, "Test User")
                    .set(USERS.ROLE, role.name())
                    .set(USERS.SUBSCRIPTION_STATUS, subscription.name())
                    .set(USERS.EMAIL_VERIFIED, emailVerified)
                    .set(USERS.IS_ACTIVE, active)
                    .set(USERS.MFA_CONFIGURED, mfa)
                    .set(USERS.TOTP_SECRET_ENCRYPTED, mfa ? iam.cipher().encrypt(secret) : null)
                    .set(USERS.CREATED_AT, Timestamps.now(iam.clock()))
                    .set(USERS.UPDATED_AT, Timestamps.now(iam.clock()))
                    .returning(USERS.USER_ID)
                    .fetchSingle(USERS.USER_ID);
            List<String> codes = List.of();
            if (mfa) {
                RecoveryCodeStore.IssuedCodes issued = iam.core().recoveryCodes().issue();
                iam.core().recoveryCodes().replace(iam.db(), userId, issued);
                codes = issued.codes();
            }
            iam.hasher().reset();
            iam.queries().clear();
            return new TestUser(userId, email, password, secret, codes);
        }
    }
}
