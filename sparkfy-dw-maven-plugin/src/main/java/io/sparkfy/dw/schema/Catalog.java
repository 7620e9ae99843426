package io.sparkfy.dw.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** The rows of each table, in order, counted in one statement (a round trip, not one per table). */
    public static Map<String, Long> counts(Connection connection, List<String> tables) throws SQLException {
        String select = "SELECT " + String.join(", ", tables.stream()
                .map(table -> "(SELECT count(*) FROM " + Identifiers.quote(table) + ")").toList());
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(select)) {
            rs.next();
            for (int i = 0; i < tables.size(); i++) {
                counts.put(tables.get(i), rs.getLong(i + 1));
            }
        }
        return counts;
    }

    public static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + Identifiers.quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
