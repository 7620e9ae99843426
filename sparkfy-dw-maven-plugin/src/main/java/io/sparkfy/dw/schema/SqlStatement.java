package io.sparkfy.dw.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One statement of a script, with where it came from, for error messages. */
public record SqlStatement(String script, int line, String sql) {

    private static final Pattern TARGET = Pattern.compile(
            "^(?:CREATE TABLE IF NOT EXISTS|DROP TABLE IF EXISTS|INSERT INTO|DELETE FROM|UPDATE)\\s+(\\w+)",
            Pattern.CASE_INSENSITIVE);

    /** The table the statement writes, or null: used to label summary lines. */
    public String targetTable() {
        Matcher m = TARGET.matcher(sql);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    /** The statement's verb, for summary lines ("INSERT", "DELETE", ...). */
    public String verb() {
        int space = sql.indexOf(' ');
        return (space < 0 ? sql : sql.substring(0, space)).toUpperCase(Locale.ROOT);
    }

    public String where() {
        return script + ":" + line;
    }

    /** Runs it; returns the rows it changed (0 for statements that change none). A failure names script and line. */
    public int execute(Connection connection) throws SQLException {
        try (PreparedStatement prepared = connection.prepareStatement(sql)) {
            prepared.execute();
            return Math.max(0, prepared.getUpdateCount());
        } catch (SQLException e) {
            throw new SQLException(where() + " failed: " + e.getMessage(), e.getSQLState(), e);
        }
    }
}
