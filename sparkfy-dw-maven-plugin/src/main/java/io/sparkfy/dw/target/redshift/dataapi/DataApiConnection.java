package io.sparkfy.dw.target.redshift.dataapi;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.RowCounts;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The JDBC face of the Data API, as much of it as the jobs use. A transaction's writes are kept and sent at
 * {@code commit()} as one {@code BatchExecuteStatement}, which the cluster runs as one transaction; a failure
 * there rolls back all of it. A read runs at once ({@code ExecuteStatement}) and sees what is committed, so a read
 * after a write of the same transaction is refused: nothing written can be read back before the commit. A write's
 * row count ({@link RowCounts.Deferred}) is the batch's count for it, known once committed. With auto-commit on,
 * each write is its own batch at once.
 */
final class DataApiConnection implements InvocationHandler {

    private static final Pattern QUERY = Pattern.compile("(?is)^\\s*(?:\\(\\s*)*(select|with|show|values|explain)\\b.*");

    private final DataApiStatements api;
    private final String url;
    private final List<Pending> pending = new ArrayList<>();
    private boolean autoCommit;
    private boolean readOnly;
    private boolean closed;

    /** One write waiting for the commit; {@code failure} (may be null) is what its failure means to the user. */
    private static final class Pending {
        final String sql;
        final String failure;
        long rows = -1;
        boolean committed;

        Pending(String sql, String failure) {
            this.sql = sql;
            this.failure = failure;
        }
    }

    private DataApiConnection(DataApiStatements api, String url) {
        this.api = api;
        this.url = url;
    }

    /** A new connection with auto-commit off. */
    static Connection open(DataApiStatements api, String url) {
        return (Connection) Proxy.newProxyInstance(DataApiConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new DataApiConnection(api, url));
    }

    /** The handler behind a connection this class opened, for the Data API's own loader and lock. */
    static DataApiConnection of(Connection connection) {
        if (Proxy.isProxyClass(connection.getClass())
                && Proxy.getInvocationHandler(connection) instanceof DataApiConnection handler) {
            return handler;
        }
        throw new IllegalArgumentException("not a Data API connection: " + connection);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "toString":
                return "Data API connection to " + api.target();
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "isClosed":
                return closed;
            case "close":
                pending.clear();
                closed = true;
                return null;
            case "isValid":
                return !closed;
            case "unwrap":
                if (((Class<?>) args[0]).isInstance(proxy)) {
                    return proxy;
                }
                throw new SQLException("not a wrapper for " + args[0]);
            case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(proxy);
            case "getWarnings":
                return null;
            case "clearWarnings":
                return null;
            default:
                break;
        }
        open();
        switch (name) {
            case "createStatement":
                return statement(null, Statement.class);
            case "prepareStatement":
                if (args.length != 1) {
                    break;
                }
                return statement((String) args[0], PreparedStatement.class);
            case "commit":
                commit();
                return null;
            case "rollback":
                if (args == null || args.length == 0) {
                    pending.clear();
                    return null;
                }
                break;
            case "setAutoCommit":
                if ((Boolean) args[0] && !autoCommit) {
                    commit(); // as JDBC: turning auto-commit on commits
                }
                autoCommit = (Boolean) args[0];
                return null;
            case "getAutoCommit":
                return autoCommit;
            case "setReadOnly":
                readOnly = (Boolean) args[0];
                return null;
            case "isReadOnly":
                return readOnly;
            case "getMetaData":
                return metaData();
            case "getTransactionIsolation":
                return Connection.TRANSACTION_SERIALIZABLE;
            case "getSchema":
                return "public";
            default:
                break;
        }
        throw new SQLFeatureNotSupportedException("the Data API connection does not support Connection." + name);
    }

    private void open() throws SQLException {
        if (closed) {
            throw new SQLException("the Data API connection is closed", "08003");
        }
    }

    /** Sends the waiting writes as one transaction; the rows each changed are then known. */
    void commit() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        List<Pending> batch = new ArrayList<>(pending);
        pending.clear();
        List<Long> counts;
        try {
            counts = api.batch(batch.stream().map(p -> p.sql).toList());
        } catch (DataApiStatements.BatchFailure e) {
            // The batch was one transaction: it is rolled back whole. A write that says what its failure means
            // (a COPY: "<table>: the COPY failed on Redshift, staging is unchanged") says so, as through JDBC.
            String failure = e.index() >= 0 && e.index() < batch.size() ? batch.get(e.index()).failure : null;
            if (failure != null) {
                throw new SparkfyException(failure + ": " + e.reason(), e);
            }
            throw e;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).rows = counts.get(i);
            batch.get(i).committed = true;
        }
    }

    /** Queues a write: sent at the commit (at once with auto-commit), where {@code failure} names a failure. */
    LongSupplier write(String sql, String failure) throws SQLException {
        if (readOnly) {
            throw new SQLException("cannot change the warehouse in a read-only transaction: " + sql, "25006");
        }
        Pending write = new Pending(sql, failure);
        pending.add(write);
        if (autoCommit) {
            commit();
        }
        return () -> {
            if (!write.committed) {
                throw new IllegalStateException("the rows of a Data API write are known once its transaction"
                        + " has committed");
            }
            return Math.max(0, write.rows);
        };
    }

    ResultSet read(String sql, int maxRows) throws SQLException {
        if (!pending.isEmpty()) {
            throw new SQLException("through the Data API a transaction's writes run as one batch at its commit,"
                    + " so it cannot read before they are committed: " + DataApiStatements.firstWords(sql),
                    "25000");
        }
        return api.query(sql, maxRows);
    }

    static boolean isQuery(String sql) {
        return QUERY.matcher(stripComments(sql)).matches();
    }

    private static String stripComments(String sql) {
        String text = sql.strip();
        while (true) {
            if (text.startsWith("--")) {
                int end = text.indexOf('\n');
                text = end < 0 ? "" : text.substring(end + 1).strip();
            } else if (text.startsWith("/*")) {
                int end = text.indexOf("*/");
                text = end < 0 ? "" : text.substring(end + 2).strip();
            } else {
                return text;
            }
        }
    }

    private Object statement(String sql, Class<?> type) {
        return Proxy.newProxyInstance(DataApiConnection.class.getClassLoader(),
                new Class<?>[] {type, RowCounts.Deferred.class}, new StatementHandler(sql));
    }

    private DatabaseMetaData metaData() {
        return (DatabaseMetaData) Proxy.newProxyInstance(DataApiConnection.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getDatabaseProductName" -> "Amazon Redshift (Data API)";
                    case "getDatabaseProductVersion" -> version();
                    case "getURL" -> url;
                    case "getDriverName" -> "sparkfy-dw Data API";
                    case "toString" -> "Data API metadata of " + api.target();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new SQLFeatureNotSupportedException(
                            "the Data API connection does not support DatabaseMetaData." + method.getName());
                });
    }

    private String version() throws SQLException {
        try (ResultSet rs = read("SELECT version()", 1)) {
            return rs.next() ? rs.getString(1) : "unknown";
        }
    }

    /** A statement or prepared statement: parameters are inlined as literals (the batch takes none). */
    private final class StatementHandler implements InvocationHandler {

        private final String prepared;
        private final Map<Integer, Object> parameters = new HashMap<>();
        private final List<String> batch = new ArrayList<>();
        private int maxRows;
        private ResultSet result;
        private LongSupplier rows = () -> 0;
        private boolean statementClosed;

        StatementHandler(String prepared) {
            this.prepared = prepared;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            return dispatch(proxy, method.getName(), args);
        }

        private Object dispatch(Object proxy, String name, Object[] args) throws SQLException {
            switch (name) {
                case "toString":
                    return "Data API statement" + (prepared == null ? "" : ": " + prepared);
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "close":
                    statementClosed = true;
                    return null;
                case "isClosed":
                    return statementClosed;
                case "rowCount":
                    return rows;
                case "unwrap":
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return proxy;
                    }
                    throw new SQLException("not a wrapper for " + args[0]);
                case "isWrapperFor":
                    return ((Class<?>) args[0]).isInstance(proxy);
                case "getWarnings":
                case "clearWarnings":
                    return null;
                case "setMaxRows":
                    maxRows = (Integer) args[0];
                    return null;
                case "getMaxRows":
                    return maxRows;
                case "setQueryTimeout":
                case "setFetchSize":
                case "setEscapeProcessing":
                    return null;
                case "getConnection":
                    throw new SQLFeatureNotSupportedException("Statement.getConnection through the Data API");
                default:
                    break;
            }
            open();
            if (name.startsWith("set") && prepared != null && args != null && args.length >= 2
                    && args[0] instanceof Integer index) {
                parameters.put(index, name.equals("setNull") ? null : args[1]);
                return null;
            }
            switch (name) {
                case "clearParameters":
                    parameters.clear();
                    return null;
                case "execute":
                    return run(sql(args));
                case "executeQuery": {
                    String sql = sql(args);
                    if (!isQuery(sql)) {
                        throw new SQLException("not a query: " + DataApiStatements.firstWords(sql));
                    }
                    run(sql);
                    return result;
                }
                case "executeUpdate":
                case "executeLargeUpdate": {
                    run(sql(args));
                    return name.equals("executeUpdate") ? (Object) 0 : (Object) 0L; // counted at the commit
                }
                case "getUpdateCount":
                    return result == null ? 0 : -1;
                case "getResultSet":
                    return result;
                case "getMoreResults":
                    result = null;
                    return false;
                case "addBatch":
                    batch.add(args != null && args.length == 1 ? (String) args[0] : inlined());
                    return null;
                case "clearBatch":
                    batch.clear();
                    return null;
                case "executeBatch": {
                    int[] counts = new int[batch.size()];
                    for (int i = 0; i < batch.size(); i++) {
                        rows = write(batch.get(i), null);
                        counts[i] = Statement.SUCCESS_NO_INFO;
                    }
                    batch.clear();
                    return counts;
                }
                default:
                    throw new SQLFeatureNotSupportedException("the Data API connection does not support "
                            + (prepared == null ? "Statement." : "PreparedStatement.") + name);
            }
        }

        private String sql(Object[] args) throws SQLException {
            if (args != null && args.length >= 1 && args[0] instanceof String sql) {
                if (prepared != null) {
                    throw new SQLException("a prepared statement runs its own SQL");
                }
                return sql;
            }
            if (prepared == null) {
                throw new SQLException("no SQL given");
            }
            return inlined();
        }

        private String inlined() throws SQLException {
            return parameters.isEmpty() && !prepared.contains("?") ? prepared
                    : SqlLiterals.inline(prepared, parameters);
        }

        /** True with a result set (a query), false for a write (queued for the commit). */
        private boolean run(String sql) throws SQLException {
            if (isQuery(sql)) {
                result = read(sql, maxRows);
                rows = () -> 0;
                return true;
            }
            result = null;
            rows = write(sql, null);
            return false;
        }
    }
}
