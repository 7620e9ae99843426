package io.sparkfy.dw.schema;

import io.sparkfy.dw.SparkfyException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sparkfy_dw_schema_history}: which migrations the warehouse has, like Flyway's history table. Plain SQL both
 * targets run; values are bind parameters.
 */
public final class SchemaHistory {

    public static final String TABLE = "sparkfy_dw_schema_history";

    private SchemaHistory() {
    }

    static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (installed_rank INTEGER NOT NULL,"
                    + " version VARCHAR(50) NOT NULL, description VARCHAR(200) NOT NULL, script VARCHAR(1000) NOT NULL,"
                    + " checksum BIGINT NOT NULL, installed_by VARCHAR(100), installed_on TIMESTAMP NOT NULL,"
                    + " execution_time_ms INTEGER NOT NULL, success BOOLEAN NOT NULL)");
        }
    }

    static boolean exists(Connection connection) throws SQLException {
        return Catalog.exists(connection, TABLE);
    }

    /** The rows in installed order; empty when the table does not exist. */
    static List<AppliedMigration> applied(Connection connection) throws SQLException {
        List<AppliedMigration> applied = new ArrayList<>();
        if (!exists(connection)) {
            return applied;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT installed_rank, version, description, script, checksum,"
                     + " installed_by, installed_on, execution_time_ms, success FROM " + TABLE
                     + " ORDER BY installed_rank")) {
            while (rs.next()) {
                int version;
                try {
                    version = Integer.parseInt(rs.getString(2));
                } catch (NumberFormatException e) {
                    throw new SparkfyException(TABLE + " holds version '" + rs.getString(2)
                            + "', which is not a sparkfy-dw migration version");
                }
                applied.add(new AppliedMigration(rs.getInt(1), version, rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getString(6), rs.getTimestamp(7), rs.getInt(8), rs.getBoolean(9)));
            }
        }
        return applied;
    }

    static void record(Connection connection, int rank, Migration migration, String installedBy,
                       Timestamp installedOn, long millis, String description) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (installed_rank,"
                + " version, description, script, checksum, installed_by, installed_on, execution_time_ms, success)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setInt(1, rank);
            insert.setString(2, Integer.toString(migration.version()));
            insert.setString(3, description);
            insert.setString(4, migration.script());
            insert.setLong(5, migration.checksum());
            insert.setString(6, installedBy);
            insert.setTimestamp(7, installedOn);
            insert.setInt(8, (int) Math.min(Integer.MAX_VALUE, millis));
            insert.setBoolean(9, true);
            insert.executeUpdate();
        }
    }
}
