package org.billing.iam.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.billing.iam.core.account.AccountService;
import org.billing.iam.core.account.RegistrationService;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.auth.LockoutNotifier;
import org.billing.iam.core.auth.LoginLockout;
import org.billing.iam.core.auth.LoginService;
import org.billing.iam.core.auth.MfaSessionTokens;
import org.billing.iam.core.context.AuthContextResolver;
import org.billing.iam.core.crypto.PasswordHasher;
import org.billing.iam.core.crypto.RecoveryCodes;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.crypto.Totp;
import org.billing.iam.core.crypto.TotpSecretCipher;
import org.billing.iam.core.delegate.DelegateServices;
import org.billing.iam.core.mail.Mailer;
import org.billing.iam.core.mfa.MfaAttempts;
import org.billing.iam.core.mfa.MfaEnrolmentService;
import org.billing.iam.core.mfa.MfaLoginService;
import org.billing.iam.core.mfa.RecoveryCodeStore;
import org.billing.iam.core.mfa.TotpReplayGuard;
import org.billing.iam.core.session.SessionService;
import org.jooq.DSLContext;

/**
 * Composition root of the domain services: builds each service once from the shared
 * dependencies. Creating it costs one Argon2 hash, for the login service's dummy hash.
 */
public final class IamCore {

    private final AuditWriter audit;
    private final SessionService sessions;
    private final AuthContextResolver authContexts;
    private final RegistrationService registration;
    private final AccountService accounts;
    private final LoginService login;
    private final MfaEnrolmentService mfaEnrolment;
    private final MfaLoginService mfaLogin;
    private final RecoveryCodeStore recoveryCodes;
    private final LifecycleServices lifecycle;
    private final DelegateServices delegates;

    private IamCore(DSLContext db, Clock clock, IamSettings settings, Mailer mailer, PasswordHasher hasher,
            TotpSecretCipher cipher, SecureTokens tokens, Executor background) {
        audit = new AuditWriter(db, clock, new ObjectMapper());
        sessions = new SessionService(db, clock, tokens, audit);
        authContexts = new AuthContextResolver(sessions);
        registration = new RegistrationService(db, clock, settings, hasher, tokens, mailer, audit);
        accounts = new AccountService(db);
        LoginLockout lockout = new LoginLockout(db, clock,
                new LockoutNotifier(mailer, settings.publicUrl(), background));
        MfaSessionTokens mfaTokens = new MfaSessionTokens(settings.mfaTokenKey(), clock, tokens);
        login = new LoginService(db, clock, hasher, tokens, lockout, mfaTokens, audit);
        recoveryCodes = new RecoveryCodeStore(db, clock, hasher, new RecoveryCodes(tokens));
        MfaAttempts attempts = new MfaAttempts(new Totp(clock), cipher, new TotpReplayGuard(db), lockout, audit);
        mfaEnrolment = new MfaEnrolmentService(db, clock, settings, tokens, cipher, mfaTokens, attempts,
                recoveryCodes, sessions, audit);
        mfaLogin = new MfaLoginService(db, mfaTokens, attempts, recoveryCodes, sessions, audit);
        lifecycle = new LifecycleServices(db, clock, settings, mailer, hasher, cipher, tokens, audit, sessions,
                lockout, attempts, recoveryCodes);
        delegates = new DelegateServices(db, clock, settings, mailer, hasher, tokens, lockout, mfaTokens, sessions,
                audit);
    }

    /**
     * Builds every service. The clock is the only source of time; tests pass a movable one.
     * Emails that no caller waits for, such as lockout notices, are sent on a new virtual
     * thread each. NOTE: virtual threads do not keep the JVM alive, so a notice still being
     * sent at shutdown is lost.
     */
    public static IamCore create(DSLContext db, Clock clock, IamSettings settings, Mailer mailer,
            PasswordHasher hasher, TotpSecretCipher cipher, SecureTokens tokens) {
        Executor virtualThreads = task -> Thread.ofVirtual().name("iam-mail").start(task);
        return create(db, clock, settings, mailer, hasher, cipher, tokens, virtualThreads);
    }

    /** Builds every service, sending emails that no caller waits for on {@code background}. */
    public static IamCore create(DSLContext db, Clock clock, IamSettings settings, Mailer mailer,
            PasswordHasher hasher, TotpSecretCipher cipher, SecureTokens tokens, Executor background) {
        return new IamCore(db, clock, settings, mailer, hasher, cipher, tokens, background);
    }

    public AuditWriter audit() {
        return audit;
    }

    public SessionService sessions() {
        return sessions;
    }

    public AuthContextResolver authContexts() {
        return authContexts;
    }

    public RegistrationService registration() {
        return registration;
    }

    public AccountService accounts() {
        return accounts;
    }

    public LoginService login() {
        return login;
    }

    public MfaEnrolmentService mfaEnrolment() {
        return mfaEnrolment;
    }

    public MfaLoginService mfaLogin() {
        return mfaLogin;
    }

    public RecoveryCodeStore recoveryCodes() {
        return recoveryCodes;
    }

    public LifecycleServices lifecycle() {
        return lifecycle;
    }

    public DelegateServices delegates() {
        return delegates;
    }
}
