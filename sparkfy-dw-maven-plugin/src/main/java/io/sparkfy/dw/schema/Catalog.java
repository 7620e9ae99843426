package io.sparkfy.dw.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Catalog look-ups through information_schema, which both targets answer the same way. */
public final class Catalog {

    private Catalog() {
    }

    public static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM information_schema.tables"
                + " WHERE table_schema = current_schema() AND table_name = ?")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Whether the table has no row: reads at most one, whatever its size. */
    public static boolean isEmpty(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT 1 FROM " + Identifiers.quote(table) + " LIMIT 1")) {
            return !rs.next();
        }
    }

    public static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + Identifiers.quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
