package io.sparkfy.dw.testing;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.source.Sources;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.Warehouses;
import io.sparkfy.dw.target.postgres.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** An embedded warehouse in a folder of the test's, with helpers to read it back. */
public final class EmbeddedWarehouse implements AutoCloseable {

    public final Path dataDirectory;
    public final Warehouse warehouse;

    public EmbeddedWarehouse(Path dataDirectory, Log log) {
        this(dataDirectory, Sources.local(), log);
    }

    /** One whose loads reach the files through {@code sources} (S3 options, say). */
    public EmbeddedWarehouse(Path dataDirectory, Sources sources, Log log) {
        this.dataDirectory = dataDirectory;
        this.warehouse = Warehouses.open(WarehouseSettings.embedded(dataDirectory), sources, log, false);
    }

    /** The same running server, its loads reaching the files through other {@code sources}; close it after use. */
    public Warehouse through(Sources sources, Log log) {
        return Warehouses.open(WarehouseSettings.embedded(dataDirectory), sources, log, false);
    }

    /** Rows in each staging and star-schema table, in a fixed order: to compare the warehouse before and after. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        new SqlResources().declaration().tables().forEach(table -> counts.put(table, count(table)));
        return counts;
    }

    public long count(String table) {
        return longValue("SELECT count(*) FROM " + table);
    }

    public long longValue(String sql) {
        return Long.parseLong(string(sql));
    }

    public String string(String sql) {
        try (Connection connection = warehouse.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row from " + sql);
            }
            String value = rs.getString(1);
            connection.rollback();
            return value;
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    public void execute(String sql) {
        try (Connection connection = warehouse.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true); // some statements (CREATE DATABASE) refuse a transaction block
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        warehouse.close();
        EmbeddedPostgresServer.stop(dataDirectory);
    }
}
