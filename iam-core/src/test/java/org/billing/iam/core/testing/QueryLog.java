package org.billing.iam.core.testing;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

/** Records the SQL of every statement jOOQ runs, so tests can count reads and writes. */
public final class QueryLog implements ExecuteListener {

    private static final long serialVersionUID = 1L;

    private final List<String> statements = new CopyOnWriteArrayList<>();

    @Override
    public void executeStart(ExecuteContext context) {
        statements.add(context.sql());
    }

    /** Forgets every statement recorded so far. */
    public void clear() {
        statements.clear();
    }

    /** Returns the statements since the last clear, oldest first. */
    public List<String> statements() {
        return List.copyOf(statements);
    }

    /** Returns the statements that are not plain SELECTs. */
    public List<String> writes() {
        return statements.stream()
                .filter(sql -> !sql.strip().toLowerCase(Locale.ROOT).startsWith("select"))
                .toList();
    }
}
