package org.billing.iam.core.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * Records the SQL of every statement sent through a data source, so tests can count reads
 * and writes. It records at the JDBC level, so statements that jOOQ renders and statements
 * prepared directly on a connection are both counted.
 */
public final class QueryLog {

    private final List<String> statements = new CopyOnWriteArrayList<>();

    /** Returns a data source that records every statement prepared or executed through it. */
    public DataSource wrap(DataSource dataSource) {
        return proxy(DataSource.class, dataSource, (method, args, result) ->
                result instanceof Connection connection ? wrap(connection) : result);
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

    private Connection wrap(Connection connection) {
        return proxy(Connection.class, connection, (method, args, result) -> {
            if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                statements.add(sql);
            }
            return result instanceof Statement statement && method.getName().equals("createStatement")
                    ? wrap(statement)
                    : result;
        });
    }

    private Statement wrap(Statement statement) {
        return proxy(Statement.class, statement, (method, args, result) -> {
            if (method.getName().startsWith("execute") && args != null && args[0] instanceof String sql) {
                statements.add(sql);
            }
            return result;
        });
    }

    /** Post-processes the result of one call on the proxied object. */
    @FunctionalInterface
    private interface AfterCall {
        Object apply(Method method, Object[] args, Object result) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T target, AfterCall after) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return after.apply(method, args, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
