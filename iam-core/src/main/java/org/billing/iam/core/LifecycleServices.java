package org.billing.iam.core;

import java.time.Clock;
import org.billing.iam.core.account.AccountDeletionService;
import org.billing.iam.core.account.AdminProvisioningService;
import org.billing.iam.core.account.ProfileService;
import org.billing.iam.core.account.SubscriptionService;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.auth.LoginLockout;
import org.billing.iam.core.cleanup.CleanupJob;
import org.billing.iam.core.crypto.PasswordHasher;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.crypto.TotpSecretCipher;
import org.billing.iam.core.limit.RateLimiter;
import org.billing.iam.core.mail.Mailer;
import org.billing.iam.core.mfa.MfaAttempts;
import org.billing.iam.core.mfa.MfaManagementService;
import org.billing.iam.core.mfa.RecoveryCodeStore;
import org.billing.iam.core.mfa.StepUpVerification;
import org.billing.iam.core.reset.PasswordResetService;
import org.billing.iam.core.reset.ResetTokens;
import org.billing.iam.core.session.SessionCleanup;
import org.billing.iam.core.session.SessionService;
import org.jooq.DSLContext;

/**
 * The account-safety and lifecycle services, built once by {@link IamCore} from its shared
 * dependencies: password reset, MFA management, profile, deletion, subscriptions, administrator
 * provisioning, rate limits and clean-up.
 */
public final class LifecycleServices {

    private final PasswordResetService passwordReset;
    private final MfaManagementService mfaManagement;
    private final ProfileService profile;
    private final AccountDeletionService accountDeletion;
    private final SubscriptionService subscriptions;
    private final AdminProvisioningService adminProvisioning;
    private final RateLimiter rateLimiter;
    private final CleanupJob cleanup;

    LifecycleServices(DSLContext db, Clock clock, IamSettings settings, Mailer mailer, PasswordHasher hasher,
            TotpSecretCipher cipher, SecureTokens tokens, AuditWriter audit, SessionService sessions,
            LoginLockout lockout, MfaAttempts attempts, RecoveryCodeStore recoveryCodes) {
        ResetTokens resetTokens = new ResetTokens(clock, tokens);
        passwordReset = new PasswordResetService(db, clock, settings, hasher, resetTokens, mailer, sessions, audit);
        mfaManagement = new MfaManagementService(db, clock, settings, tokens, cipher, attempts, recoveryCodes, audit);
        profile = new ProfileService(db, clock, audit);
        accountDeletion = new AccountDeletionService(db, clock, hasher, lockout,
                new StepUpVerification(db, attempts), sessions, audit);
        subscriptions = new SubscriptionService(db, clock, audit);
        adminProvisioning = new AdminProvisioningService(db, clock, settings, hasher, tokens, resetTokens, mailer,
                audit);
        rateLimiter = new RateLimiter(db, clock);
        cleanup = new CleanupJob(new SessionCleanup(db, clock), rateLimiter);
    }

    public PasswordResetService passwordReset() {
        return passwordReset;
    }

    public MfaManagementService mfaManagement() {
        return mfaManagement;
    }

    public ProfileService profile() {
        return profile;
    }

    public AccountDeletionService accountDeletion() {
        return accountDeletion;
    }

    public SubscriptionService subscriptions() {
        return subscriptions;
    }

    public AdminProvisioningService adminProvisioning() {
        return adminProvisioning;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** Returns the clean-up job, for the scheduler and the {@code ./iam cleanup} command. */
    public CleanupJob cleanup() {
        return cleanup;
    }
}
