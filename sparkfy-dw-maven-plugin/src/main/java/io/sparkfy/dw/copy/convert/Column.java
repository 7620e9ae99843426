package io.sparkfy.dw.copy.convert;

import io.sparkfy.dw.SparkfyException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A column of a staging table as the warehouse declares it. The loader converts JSON values to the declared type
 * itself (as Redshift's COPY does), so it reads the table's real definition rather than assuming one.
 */
public record Column(String name, Type type, int length, int precision, int scale, boolean nullable) {

    /** The column types the COPY emulation converts to. */
    public enum Type { VARCHAR, SMALLINT, INTEGER, BIGINT, NUMERIC, REAL, DOUBLE, BOOLEAN, DATE, TIMESTAMP, TIMESTAMPTZ }

    /** The columns of a table in declared order; fails naming the table when it is missing or has other types. */
    public static List<Column> of(Connection connection, String table) {
        String sql = "SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale,"
                + " is_nullable FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position";
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    columns.add(new Column(name, type(table, name, rs.getString(2)), rs.getInt(3), rs.getInt(4),
                            rs.getInt(5), "YES".equals(rs.getString(6))));
                }
            }
        } catch (SQLException e) {
            throw new SparkfyException("cannot read the columns of " + table + ": " + e.getMessage(), e);
        }
        if (columns.isEmpty()) {
            throw new SparkfyException("table " + table + " does not exist: run the create-tables goal first");
        }
        return List.copyOf(columns);
    }

    private static Type type(String table, String column, String dataType) {
        switch (dataType) {
            case "character varying": case "character": case "text": return Type.VARCHAR;
            case "smallint": return Type.SMALLINT;
            case "integer": return Type.INTEGER;
            case "bigint": return Type.BIGINT;
            case "numeric": return Type.NUMERIC;
            case "real": return Type.REAL;
            case "double precision": return Type.DOUBLE;
            case "boolean": return Type.BOOLEAN;
            case "date": return Type.DATE;
            case "timestamp without time zone": return Type.TIMESTAMP;
            case "timestamp with time zone": return Type.TIMESTAMPTZ;
            default:
                throw new SparkfyException(table + "." + column + " has type " + dataType
                        + ", which COPY ... JSON cannot load");
        }
    }

    /** How the type reads in messages, like Redshift's STL_LOAD_ERRORS.type. */
    public String typeName() {
        switch (type) {
            case VARCHAR: return length > 0 ? "varchar(" + length + ")" : "varchar";
            case NUMERIC: return "numeric(" + precision + "," + scale + ")";
            default: return type.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).collect(Collectors.toList());
    }
}
