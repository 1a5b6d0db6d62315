package org.billing.iam.core.session;

import static org.billing.iam.schema.jooq.Tables.SESSIONS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * The statement that validates a session: the session by token hash, its owner, and the
 * physician a delegate session acts for, in one read.
 *
 * <p>Every request of a signed-in caller runs it. The query is built once with jOOQ's typed
 * DSL, so it is checked against the generated schema, and its SQL is rendered once. Each call
 * then prepares that SQL on a pooled connection and binds only the token hash: rendering the
 * join tree per call took about a third of the request's CPU time in a profile of
 * {@code GET /api/v1/auth/context}, and jOOQ's plain-SQL path another sixth.
 */
final class ValidationQuery {

    private final DSLContext db;
    private final String sql;
    private final Field<?>[] fields;

    ValidationQuery(DSLContext db) {
        List<Field<?>> selected = new ArrayList<>(List.of(SESSIONS.SESSION_ID, SESSIONS.USER_ID,
                SESSIONS.CREATED_AT, SESSIONS.LAST_ACTIVE_AT, USERS.IS_ACTIVE, USERS.ROLE,
                USERS.SUBSCRIPTION_STATUS));
        selected.addAll(ActingPhysicianJoin.FIELDS);
        Select<?> query = db.select(selected)
                .from(ActingPhysicianJoin.join(SESSIONS.join(USERS).on(USERS.USER_ID.eq(SESSIONS.USER_ID))))
                .where(SESSIONS.TOKEN_HASH.eq(DSL.param("token_hash", SESSIONS.TOKEN_HASH.getDataType())))
                .and(SESSIONS.REVOKED.eq(DSL.inline(false)));
        if (query.getBindValues().size() != 1) {
            throw new IllegalStateException("Session validation query must bind only the token hash, but binds "
                    + query.getBindValues().size() + " values");
        }
        this.db = db;
        this.sql = db.render(query);
        this.fields = selected.toArray(Field<?>[]::new);
    }

    /** Returns the row for a token hash, or null when no unrevoked session has it. */
    Record fetch(String tokenHash) {
        return db.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, tokenHash);
                try (ResultSet rows = statement.executeQuery()) {
                    Result<Record> result = db.fetch(rows, fields);
                    return result.isEmpty() ? null : result.get(0);
                }
            }
        });
    }
}
