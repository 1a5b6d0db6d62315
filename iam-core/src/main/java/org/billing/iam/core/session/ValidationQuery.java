package org.billing.iam.core.session;

import static org.billing.iam.schema.jooq.Tables.SESSIONS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * The statement that validates sessions: each session by token hash, its owner, and the
 * physician a delegate session acts for, in one read for up to {@link #MAX_HASHES} token
 * hashes.
 *
 * <p>Every request of a signed-in caller runs it, through {@link LookupCombiner}, so one
 * statement serves the requests that arrive while another is running. The query is built
 * with jOOQ's typed DSL, so it is checked against the generated schema, and rendered once
 * for each list length of 1, 2, 4 and so on up to {@link #MAX_HASHES}. A call binds its
 * hashes to the shortest list that fits them and repeats the last hash in the spare places.
 *
 * <p>Rendering the join tree per call took about a third of the request's CPU time in a
 * profile of {@code GET /api/v1/auth/context}. A single array parameter
 * ({@code = ANY(?)}) was tried first: PostgreSQL then planned the statement again on every
 * run, because the plan for an unknown array length looks costlier than one for a known
 * length, and pgbench ran it at about two thirds of the rate of a list of parameters.
 */
final class ValidationQuery {

    /** Most token hashes one call looks up. */
    static final int MAX_HASHES = 64;

    private final DSLContext db;
    /** The SQL with a list of {@code 2^i} parameters at index {@code i}. */
    private final String[] sqlByListLength;
    private final Duration timeout;

    /** Renders the statements; {@link StatementWatchdog} cancels a run that lasts longer than {@code timeout}. */
    ValidationQuery(DSLContext db, Duration timeout) {
        List<Field<?>> selected = new ArrayList<>(List.of(SESSIONS.TOKEN_HASH, SESSIONS.SESSION_ID, SESSIONS.USER_ID,
                SESSIONS.CREATED_AT, SESSIONS.LAST_ACTIVE_AT, USERS.IS_ACTIVE, USERS.ROLE,
                USERS.SUBSCRIPTION_STATUS));
        selected.addAll(ActingPhysicianJoin.FIELDS);
        if (selected.size() != ValidationRow.class.getRecordComponents().length) {
            throw new IllegalStateException("Session validation query selects " + selected.size()
                    + " columns, but ValidationRow reads " + ValidationRow.class.getRecordComponents().length);
        }
        List<String> rendered = new ArrayList<>();
        for (int length = 1; length <= MAX_HASHES; length *= 2) {
            List<Param<String>> hashes = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                hashes.add(DSL.param("token_hash_" + i, SESSIONS.TOKEN_HASH.getDataType()));
            }
            Select<?> query = db.select(selected)
                    .from(ActingPhysicianJoin.join(SESSIONS.join(USERS).on(USERS.USER_ID.eq(SESSIONS.USER_ID))))
                    .where(length == 1 ? SESSIONS.TOKEN_HASH.eq(hashes.get(0)) : SESSIONS.TOKEN_HASH.in(hashes))
                    .and(SESSIONS.REVOKED.eq(DSL.inline(false)));
            if (query.getBindValues().size() != length) {
                throw new IllegalStateException("Session validation query must bind only the " + length
                        + " token hashes, but binds " + query.getBindValues().size() + " values");
            }
            rendered.add(db.render(query));
        }
        this.db = db;
        this.sqlByListLength = rendered.toArray(String[]::new);
        this.timeout = timeout;
    }

    /**
     * Reads the current row by column position, in the order of the select list. It skips
     * jOOQ's record mapping, which took about a sixth of the server's CPU samples under load.
     */
    private static ValidationRow read(ResultSet rows) throws SQLException {
        return new ValidationRow(rows.getString(1), rows.getObject(2, UUID.class), rows.getObject(3, UUID.class),
                rows.getObject(4, OffsetDateTime.class), rows.getObject(5, OffsetDateTime.class), rows.getBoolean(6),
                rows.getString(7), rows.getString(8), rows.getObject(9, UUID.class), rows.getString(10),
                rows.getObject(11, Boolean.class), rows.getObject(12, UUID.class), rows.getString(13));
    }

    /**
     * Returns the rows of the unrevoked sessions with these token hashes, by token hash.
     *
     * @throws IllegalArgumentException for no hashes or more than {@link #MAX_HASHES}
     */
    Map<String, ValidationRow> fetch(Set<String> tokenHashes) {
        int count = tokenHashes.size();
        if (count < 1 || count > MAX_HASHES) {
            throw new IllegalArgumentException("Invalid number of token hashes: " + count + ", expected 1 to " + MAX_HASHES);
        }
        int index = 32 - Integer.numberOfLeadingZeros(count - 1);
        int length = 1 << index;
        return db.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sqlByListLength[index]);
                    StatementWatchdog.Watch watch = StatementWatchdog.watch(statement, timeout)) {
                int parameter = 1;
                String last = null;
                for (String hash : tokenHashes) {
                    statement.setString(parameter++, hash);
                    last = hash;
                }
                while (parameter <= length) {
                    statement.setString(parameter++, last);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    Map<String, ValidationRow> byHash = HashMap.newHashMap(tokenHashes.size());
                    while (rows.next()) {
                        ValidationRow row = read(rows);
                        byHash.put(row.tokenHash(), row);
                    }
                    return byHash;
                }
            }
        });
    }
}
