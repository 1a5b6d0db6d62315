package org.billing.iam.core.session;

import static org.billing.iam.schema.jooq.Tables.SESSIONS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.audit.AuditAction;
import org.billing.iam.core.audit.AuditEvent;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.crypto.Sha256;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opaque server-side sessions. The client keeps a random token and the database stores only
 * its SHA-256, so a copy of the table cannot be replayed as cookies.
 *
 * <p>Validation reads one row, joined with the owner's account and, for a delegate, the
 * physician it acts for, and caches nothing, so a revocation or a changed linkage takes
 * effect on the next request on every node. Validations that arrive together share one
 * statement, which starts after each of them arrived.
 */
public final class SessionService {

    /** Time from creation after which a session ends, whatever its activity. */
    public static final Duration ABSOLUTE_TIMEOUT = Duration.ofHours(24);
    /** Time without activity after which a session ends. */
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(60);
    /**
     * Minimum age of the stored {@code last_active_at} before a validation rewrites it. Most
     * validations then only read, and idle expiry is exact to within this interval.
     */
    public static final Duration ACTIVITY_REFRESH_INTERVAL = Duration.ofSeconds(60);

    /**
     * Validation statements that may run at once. Validations that arrive while this many
     * run wait and then share one statement, which costs PostgreSQL about as much as a
     * lookup of a single session.
     */
    private static final int VALIDATION_STATEMENTS = 2;
    /**
     * Maximum wait of a validation for a running statement to end, and maximum run time of a
     * validation statement, so a database that stops responding fails requests (HTTP 503)
     * instead of holding them. It matches the server's wait for a pooled connection.
     */
    public static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);

    private final DSLContext db;
    private final Clock clock;
    private final SecureTokens tokens;
    private final AuditWriter audit;
    private final LookupCombiner<String, ValidationRow> validationLookups;

    public SessionService(DSLContext db, Clock clock, SecureTokens tokens, AuditWriter audit) {
        this.db = db;
        this.clock = clock;
        this.tokens = tokens;
        this.audit = audit;
        this.validationLookups = new LookupCombiner<>(new ValidationQuery(db, VALIDATION_TIMEOUT)::fetch,
                VALIDATION_STATEMENTS, ValidationQuery.MAX_HASHES, VALIDATION_TIMEOUT, "iam-session-validation");
    }

    /** Creates a session with a fresh token. Every login calls this; no token is ever reused. */
    public NewSession create(UUID userId, RequestMetadata request) {
        return create(db, userId, request);
    }

    /** Creates a session inside the caller's transaction. */
    public NewSession create(DSLContext transaction, UUID userId, RequestMetadata request) {
        String token = tokens.hexToken();
        OffsetDateTime now = Timestamps.now(clock);
        UUID sessionId = transaction.insertInto(SESSIONS)
                .set(SESSIONS.USER_ID, userId)
                .set(SESSIONS.TOKEN_HASH, Sha256.hex(token))
                .set(SESSIONS.IP_ADDRESS, request.ipAddress())
                .set(SESSIONS.USER_AGENT, request.userAgent())
                .set(SESSIONS.CREATED_AT, now)
                .set(SESSIONS.LAST_ACTIVE_AT, now)
                .returning(SESSIONS.SESSION_ID)
                .fetchSingle(SESSIONS.SESSION_ID);
        return new NewSession(sessionId, userId, token, now.plus(ABSOLUTE_TIMEOUT));
    }

    /**
     * Returns the session for a token, or empty when the token is malformed, unknown,
     * revoked or expired, or its owner is deactivated. An expired session is revoked with
     * reason {@code expired_absolute} or {@code expired_idle}, whichever deadline came first.
     */
    public Optional<ActiveSession> validate(String token) {
        if (!SecureTokens.isHexToken(token)) {
            return Optional.empty();
        }

        ValidationRow row = validationLookups.get(Sha256.hex(token));
        OffsetDateTime now = Timestamps.now(clock);
        Optional<ActiveSession> readOnly = resultWithoutWrite(row, now);
        return readOnly != null ? readOnly : finishValidation(row, now);
    }

    /**
     * Validates like {@link #validate}, without blocking the caller. The future completes on a
     * validation thread, or on {@code blocking} when the session must be revoked or its
     * activity rewritten.
     */
    public CompletableFuture<Optional<ActiveSession>> validateAsync(String token, Executor blocking) {
        if (!SecureTokens.isHexToken(token)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return validationLookups.getAsync(Sha256.hex(token)).thenCompose(row -> {
            OffsetDateTime now = Timestamps.now(clock);
            Optional<ActiveSession> readOnly = resultWithoutWrite(row, now);
            return readOnly != null
                    ? CompletableFuture.completedFuture(readOnly)
                    : CompletableFuture.supplyAsync(() -> finishValidation(row, now), blocking);
        });
    }

    /**
     * Returns the validation result when it needs no database write, or null when the session
     * has expired or its stored activity is stale, so {@link #finishValidation} must write.
     */
    private static Optional<ActiveSession> resultWithoutWrite(ValidationRow row, OffsetDateTime now) {
        if (row == null || !row.ownerActive()) {
            return Optional.empty();
        }
        boolean stale = !row.lastActiveAt().isAfter(now.minus(ACTIVITY_REFRESH_INTERVAL));
        if (stale || expiryReason(row.createdAt(), row.lastActiveAt(), now).isPresent()) {
            return null;
        }
        return toActiveSession(row);
    }

    /** Revokes an expired session or returns the active one, rewriting its activity when stale. */
    private Optional<ActiveSession> finishValidation(ValidationRow row, OffsetDateTime now) {
        UUID sessionId = row.sessionId();
        Optional<RevocationReason> expiry = expiryReason(row.createdAt(), row.lastActiveAt(), now);
        if (expiry.isPresent()) {
            revokeIfActive(sessionId, expiry.get());
            return Optional.empty();
        }
        Optional<ActiveSession> session = toActiveSession(row);
        if (session.isPresent()) {
            refreshActivity(sessionId, row.lastActiveAt(), now);
        }
        return session;
    }

    /** Ends the session of this token with reason {@code logout}; an unknown token is ignored. */
    public void logout(String token, RequestMetadata request) {
        if (!SecureTokens.isHexToken(token)) {
            return;
        }
        Record ended = db.update(SESSIONS)
                .set(SESSIONS.REVOKED, true)
                .set(SESSIONS.REVOKED_REASON, RevocationReason.LOGOUT.value())
                .where(SESSIONS.TOKEN_HASH.eq(Sha256.hex(token)))
                .and(SESSIONS.REVOKED.isFalse())
                .returning(SESSIONS.SESSION_ID, SESSIONS.USER_ID)
                .fetchOne();
        if (ended != null) {
            audit.write(AuditEvent.of(AuditAction.AUTH_LOGOUT, ended.get(SESSIONS.USER_ID), request)
                    .resource("session", ended.get(SESSIONS.SESSION_ID)));
        }
    }

    /** Returns the owner's sessions that are neither revoked nor expired, most recently active first. */
    public List<SessionInfo> list(UUID userId, UUID currentSessionId) {
        OffsetDateTime now = Timestamps.now(clock);
        return db.selectFrom(SESSIONS)
                .where(SESSIONS.USER_ID.eq(userId))
                .and(SESSIONS.REVOKED.isFalse())
                .and(SESSIONS.CREATED_AT.gt(now.minus(ABSOLUTE_TIMEOUT)))
                .and(SESSIONS.LAST_ACTIVE_AT.gt(now.minus(IDLE_TIMEOUT)))
                .orderBy(SESSIONS.LAST_ACTIVE_AT.desc(), SESSIONS.SESSION_ID)
                .fetch(row -> new SessionInfo(row.getSessionId(), row.getIpAddress(), row.getUserAgent(),
                        row.getCreatedAt(), row.getLastActiveAt(), row.getSessionId().equals(currentSessionId)));
    }

    /**
     * Revokes one of the owner's sessions with reason {@code revoked_remote}.
     *
     * @throws BusinessRuleException when no active session of this owner has that id; another
     *     user's session id raises the same exception as an unknown one
     */
    public void revoke(UUID userId, UUID sessionId, RequestMetadata request) {
        int revoked = db.update(SESSIONS)
                .set(SESSIONS.REVOKED, true)
                .set(SESSIONS.REVOKED_REASON, RevocationReason.REVOKED_REMOTE.value())
                .where(SESSIONS.SESSION_ID.eq(sessionId))
                .and(SESSIONS.USER_ID.eq(userId))
                .and(SESSIONS.REVOKED.isFalse())
                .execute();
        if (revoked != 1) {
            throw new BusinessRuleException("Session not found.");
        }
        audit.write(AuditEvent.of(AuditAction.AUTH_SESSION_REVOKED, userId, request)
                .resource("session", sessionId));
    }

    /** Revokes every active session of the owner except the current one and returns how many ended. */
    public int revokeAllExcept(UUID userId, UUID currentSessionId, RequestMetadata request) {
        int revoked = db.update(SESSIONS)
                .set(SESSIONS.REVOKED, true)
                .set(SESSIONS.REVOKED_REASON, RevocationReason.REVOKED_REMOTE.value())
                .where(SESSIONS.USER_ID.eq(userId))
                .and(SESSIONS.SESSION_ID.ne(currentSessionId))
                .and(SESSIONS.REVOKED.isFalse())
                .execute();
        audit.write(AuditEvent.of(AuditAction.AUTH_SESSION_REVOKED_ALL, userId, request)
                .resource("session", currentSessionId)
                .with("revoked_count", revoked));
        return revoked;
    }

    /**
     * Revokes every active session of a user, for example after a password reset, inside the
     * caller's transaction, and returns how many ended. The caller writes the audit entry.
     */
    public int revokeAll(DSLContext transaction, UUID userId, RevocationReason reason) {
        return transaction.update(SESSIONS)
                .set(SESSIONS.REVOKED, true)
                .set(SESSIONS.REVOKED_REASON, reason.value())
                .where(SESSIONS.USER_ID.eq(userId))
                .and(SESSIONS.REVOKED.isFalse())
                .execute();
    }

    private static Optional<RevocationReason> expiryReason(
            OffsetDateTime createdAt, OffsetDateTime lastActiveAt, OffsetDateTime now) {
        OffsetDateTime absoluteDeadline = createdAt.plus(ABSOLUTE_TIMEOUT);
        OffsetDateTime idleDeadline = lastActiveAt.plus(IDLE_TIMEOUT);
        if (now.isBefore(absoluteDeadline) && now.isBefore(idleDeadline)) {
            return Optional.empty();
        }
        return Optional.of(absoluteDeadline.isAfter(idleDeadline)
                ? RevocationReason.EXPIRED_IDLE
                : RevocationReason.EXPIRED_ABSOLUTE);
    }

    private void revokeIfActive(UUID sessionId, RevocationReason reason) {
        db.update(SESSIONS)
                .set(SESSIONS.REVOKED, true)
                .set(SESSIONS.REVOKED_REASON, reason.value())
                .where(SESSIONS.SESSION_ID.eq(sessionId))
                .and(SESSIONS.REVOKED.isFalse())
                .execute();
    }

    /** Rewrites last_active_at only when it is at least a minute old; concurrent requests write once. */
    private void refreshActivity(UUID sessionId, OffsetDateTime lastActiveAt, OffsetDateTime now) {
        OffsetDateTime staleBefore = now.minus(ACTIVITY_REFRESH_INTERVAL);
        if (lastActiveAt.isAfter(staleBefore)) {
            return;
        }
        db.update(SESSIONS)
                .set(SESSIONS.LAST_ACTIVE_AT, now)
                .where(SESSIONS.SESSION_ID.eq(sessionId))
                .and(SESSIONS.LAST_ACTIVE_AT.le(staleBefore))
                .execute();
    }

    private static Optional<ActiveSession> toActiveSession(ValidationRow row) {
        Optional<Role> role = Role.fromDatabase(row.role());
        Optional<SubscriptionStatus> status = SubscriptionStatus.fromDatabase(row.subscriptionStatus());
        if (role.isEmpty() || status.isEmpty()) {
            LOG.warn("Session {} rejected: user {} has an unknown role or subscription status",
                    row.sessionId(), row.userId());
            return Optional.empty();
        }
        ActingPhysician actingFor = role.get() == Role.DELEGATE ? ActingPhysicianJoin.read(row).orElse(null) : null;
        return Optional.of(new ActiveSession(row.sessionId(), row.userId(), role.get(), status.get(), actingFor));
    }
}
