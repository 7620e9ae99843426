package io.sparkfy.dw.job;

import io.sparkfy.dw.schema.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Runs script statements; a failure names the script and line. */
final class Statements {

    private Statements() {
    }

    static void run(Connection connection, List<SqlStatement> statements) throws SQLException {
        for (SqlStatement statement : statements) {
            execute(connection, statement);
        }
    }

    /** Returns the rows it changed (0 for statements that change none). */
    static int execute(Connection connection, SqlStatement statement) throws SQLException {
        try (PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
            prepared.execute();
            return Math.max(0, prepared.getUpdateCount());
        } catch (SQLException e) {
            throw new SQLException(statement.where() + " failed: " + e.getMessage(), e.getSQLState(), e);
        }
    }
}
