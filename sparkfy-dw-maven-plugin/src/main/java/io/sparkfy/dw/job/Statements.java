package io.sparkfy.dw.job;

import io.sparkfy.dw.schema.SqlStatement;
import io.sparkfy.dw.target.RowCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.LongSupplier;

/** Runs script statements; a failure names the script and line. */
final class Statements {

    private Statements() {
    }

    static void run(Connection connection, List<SqlStatement> statements) throws SQLException {
        for (SqlStatement statement : statements) {
            execute(connection, statement);
        }
    }

    /**
     * Returns the rows it changed (0 for statements that change none): known now, or, on a warehouse that batches
     * a transaction's writes, once the transaction committed ({@link RowCounts}).
     */
    static LongSupplier execute(Connection connection, SqlStatement statement) throws SQLException {
        try (PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
            prepared.execute();
            return RowCounts.of(prepared);
        } catch (SQLException e) {
            throw new SQLException(statement.where() + " failed: " + e.getMessage(), e.getSQLState(), e);
        }
    }
}
