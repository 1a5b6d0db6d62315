package org.billing.iam.core.mfa;

import static org.billing.iam.schema.jooq.Tables.TOTP_LAST_USED_STEPS;

import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Rejects a TOTP code whose time step is not later than the last one accepted for the user
 * (RFC 6238 section 5.2). The check and the write are one statement, so of two concurrent
 * requests with the same code only one is accepted.
 */
public final class TotpReplayGuard {

    private final DSLContext db;

    public TotpReplayGuard(DSLContext db) {
        this.db = db;
    }

    /** Records the step and returns true when it is later than every step accepted before. */
    public boolean accept(UUID userId, long step) {
        int written = db.insertInto(TOTP_LAST_USED_STEPS)
                .set(TOTP_LAST_USED_STEPS.USER_ID, userId)
                .set(TOTP_LAST_USED_STEPS.LAST_USED_STEP, step)
                .onConflict(TOTP_LAST_USED_STEPS.USER_ID)
                .doUpdate()
                .set(TOTP_LAST_USED_STEPS.LAST_USED_STEP, DSL.excluded(TOTP_LAST_USED_STEPS.LAST_USED_STEP))
                .where(TOTP_LAST_USED_STEPS.LAST_USED_STEP.lt(DSL.excluded(TOTP_LAST_USED_STEPS.LAST_USED_STEP)))
                .execute();
        return written == 1;
    }
}
