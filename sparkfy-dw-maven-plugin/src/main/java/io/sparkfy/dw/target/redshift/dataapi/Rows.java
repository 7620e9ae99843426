package io.sparkfy.dw.target.redshift.dataapi;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;

/**
 * A query's rows, read whole from {@code GetStatementResult}, as a forward-only JDBC result set: the getters the
 * jobs use, converting like a driver (a number as text, text as a number, a timestamp as text).
 */
final class Rows implements InvocationHandler {

    private final ResultSetMetaData meta;
    private final List<Object[]> rows;
    private int at = -1;
    private boolean wasNull;
    private boolean closed;

    private Rows(ResultSetMetaData meta, List<Object[]> rows) {
        this.meta = meta;
        this.rows = rows;
    }

    static ResultSet of(ResultSetMetaData meta, List<Object[]> rows) {
        return (ResultSet) Proxy.newProxyInstance(Rows.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                new Rows(meta, rows));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "next":
                if (at < rows.size()) {
                    at++;
                }
                return at < rows.size();
            case "close":
                closed = true;
                return null;
            case "isClosed":
                return closed;
            case "getMetaData":
                return meta;
            case "wasNull":
                return wasNull;
            case "getRow":
                return at >= 0 && at < rows.size() ? at + 1 : 0;
            case "findColumn":
                return column((String) args[0]);
            case "getWarnings":
            case "clearWarnings":
                return null;
            case "toString":
                return "Data API result of " + rows.size() + " rows";
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            default:
                break;
        }
        if (name.startsWith("get") && args != null && args.length == 1) {
            int index = args[0] instanceof Integer i ? i : column((String) args[0]);
            return get(name.substring(3), value(index));
        }
        throw new SQLFeatureNotSupportedException("the Data API result does not support ResultSet." + name);
    }

    private int column(String label) throws SQLException {
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (meta.getColumnLabel(i).equalsIgnoreCase(label)) {
                return i;
            }
        }
        throw new SQLException("no column " + label + " in the result");
    }

    private Object value(int index) throws SQLException {
        if (at < 0 || at >= rows.size()) {
            throw new SQLException("the result set is not on a row");
        }
        if (index < 1 || index > meta.getColumnCount()) {
            throw new SQLException("no column " + index + " in the result");
        }
        Object value = rows.get(at)[index - 1];
        wasNull = value == null;
        return value;
    }

    private static Object get(String type, Object value) throws SQLException {
        switch (type) {
            case "Object":
                return value;
            case "String":
                return value == null ? null : value.toString();
            case "Boolean":
                return value != null && (value instanceof Boolean b ? b
                        : "true".equalsIgnoreCase(value.toString()) || "t".equalsIgnoreCase(value.toString()));
            case "Int":
                return value == null ? 0 : number(value).intValue();
            case "Long":
                return value == null ? 0L : number(value).longValue();
            case "Short":
                return value == null ? (short) 0 : number(value).shortValue();
            case "Double":
                return value == null ? 0.0 : number(value).doubleValue();
            case "BigDecimal":
                return value == null ? null : value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
            case "Timestamp":
                return value == null ? null : value instanceof Timestamp t ? t : Timestamp.valueOf(value.toString());
            case "Date":
                return value == null ? null : value instanceof java.sql.Date d ? d
                        : java.sql.Date.valueOf(value.toString().substring(0, 10));
            default:
                throw new SQLFeatureNotSupportedException("the Data API result does not support get" + type);
        }
    }

    private static Number number(Object value) throws SQLException {
        if (value instanceof Number n) {
            return n;
        }
        try {
            return new BigDecimal(value.toString().strip().toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            throw new SQLException("'" + value + "' is not a number", "22018");
        }
    }
}
