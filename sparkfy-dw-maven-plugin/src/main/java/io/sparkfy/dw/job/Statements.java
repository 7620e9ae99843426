package io.sparkfy.dw.job;

import io.sparkfy.dw.schema.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Runs script statements; a failure names the script and line. */
final class Statements {

    private Statements() {
    }

    static void run(Connection connection, List<SqlStatement> statements) throws SQLException {
        for (SqlStatement statement : statements) {
            statement.execute(connection);
        }
    }
}
