package io.sparkfy.dw.target.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The star's tables as PostgreSQL's catalog describes them, read for the fast full build: where they are, the keys
 * to add to a new table after its rows (their constraints and indexes, as the catalog gives them), and whatever a
 * swap for a new table could not carry over (triggers, policies, foreign keys, materialized views, rules, ...),
 * which makes the build merge instead. Plain views over the star are carried (see {@link StarSwap}); owners,
 * grants and comments too.
 */
final class StarTables {

    /** The schema the star is in (the connection's current schema), as an identifier ready for SQL text. */
    final String schema;
    /** Table name -> its key statements for a table of that name in {@code buildSchema}, in creation order. */
    private final Map<String, List<String>> keys;
    private final List<String> obstacles;

    private StarTables(String schema, Map<String, List<String>> keys, List<String> obstacles) {
        this.schema = schema;
        this.keys = keys;
        this.obstacles = obstacles;
    }

    /** Null when a swap carries everything the star tables have; otherwise what it would not, for the log. */
    String obstacle() {
        return obstacles.isEmpty() ? null : String.join("; ", obstacles);
    }

    /** The statements that give {@code buildSchema.table} the keys {@code table} has, after its rows. */
    List<String> keys(String table) {
        return keys.getOrDefault(table, List.of());
    }

    static StarTables read(Connection connection, List<String> tables, String buildSchema) throws SQLException {
        String schema = string(connection, "SELECT quote_ident(current_schema())");
        List<String> obstacles = new ArrayList<>();
        if (!bool(connection, "SELECT has_database_privilege(current_database(), 'CREATE')")) {
            obstacles.add("the warehouse user may not create the schema the new tables are built in (CREATE on the"
                    + " database)");
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (String table : tables) {
            try (PreparedStatement select = connection.prepareStatement("SELECT c.relkind, c.relpersistence,"
                    + " c.reltablespace, c.relrowsecurity, c.relispartition, c.relhassubclass,"
                    + " pg_has_role(c.relowner, 'MEMBER')"
                    + " FROM pg_class c WHERE c.relnamespace = (SELECT n.oid FROM pg_namespace n WHERE n.nspname = current_schema()) AND c.relname = ?")) {
                select.setString(1, table);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        obstacles.add(table + " is not in the current schema");
                        continue;
                    }
                    if (!rs.getString(1).equals("r") || !rs.getString(2).equals("p") || rs.getLong(3) != 0
                            || rs.getBoolean(4) || rs.getBoolean(5) || rs.getBoolean(6)) {
                        obstacles.add(table + " is not a plain table in the default tablespace (partitioned, unlogged,"
                                + " inherited or with row security)");
                    }
                    if (!rs.getBoolean(7)) {
                        obstacles.add(table + " is owned by a role the warehouse user is not a member of");
                    }
                }
            }
            obstacles.addAll(dependents(connection, table));
            keys.put(table, keyStatements(connection, table, buildSchema, obstacles));
        }
        return new StarTables(schema, keys, obstacles);
    }

    /**
     * What depends on the table beyond what a new table of the same definition has of its own (row type, TOAST
     * table, indexes, its keys and checks, column defaults, identity sequences, extended statistics) and the plain
     * views over it the swap rebinds: each, described by the catalog, is something the swap would lose or break.
     */
    private static List<String> dependents(Connection connection, String table) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT DISTINCT pg_describe_object(d.classid, d.objid, 0)
                FROM pg_depend d
                WHERE d.refclassid = 'pg_class'::regclass
                  AND d.refobjid = (SELECT oid FROM pg_class
                                    WHERE relnamespace = (SELECT n.oid FROM pg_namespace n WHERE n.nspname = current_schema()) AND relname = ?)
                  AND d.deptype <> 'p'
                  AND NOT (d.classid = 'pg_type'::regclass AND d.deptype = 'i')
                  AND NOT (d.classid = 'pg_class'::regclass AND EXISTS (
                        SELECT 1 FROM pg_class o WHERE o.oid = d.objid
                          AND (o.relkind = 't' OR (o.relkind = 'S' AND d.deptype = 'i')
                               OR (o.relkind = 'i' AND EXISTS (SELECT 1 FROM pg_index x
                                                              WHERE x.indexrelid = o.oid
                                                                AND x.indrelid = d.refobjid)))))
                  AND NOT (d.classid = 'pg_constraint'::regclass AND EXISTS (
                        SELECT 1 FROM pg_constraint k WHERE k.oid = d.objid AND k.conrelid = d.refobjid
                          AND k.contype IN ('p', 'u', 'x', 'c', 'n')))
                  AND NOT (d.classid = 'pg_attrdef'::regclass)
                  AND NOT (d.classid = 'pg_statistic_ext'::regclass)
                  AND NOT (d.classid = 'pg_rewrite'::regclass AND EXISTS (
                        SELECT 1 FROM pg_rewrite r JOIN pg_class v ON v.oid = r.ev_class
                        WHERE r.oid = d.objid AND v.relkind = 'v' AND v.oid <> d.refobjid
                          AND pg_has_role(v.relowner, 'MEMBER')
                          AND has_schema_privilege(v.relnamespace, 'CREATE')))
                ORDER BY 1""")) {
            select.setString(1, table);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.add(table + " has " + rs.getString(1) + ", which a new table would not carry");
                }
            }
        }
        return found;
    }

    /**
     * The table's primary key, unique and exclusion constraints (ADD CONSTRAINT with the catalog's definition) and
     * its other indexes (the catalog's CREATE INDEX, pointed at the new table), for {@code buildSchema.table}.
     */
    private static List<String> keyStatements(Connection connection, String table, String buildSchema,
                                              List<String> obstacles) throws SQLException {
        List<String> statements = new ArrayList<>();
        String target = buildSchema + "." + table;
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', ?, k.conname, pg_get_constraintdef(k.oid))
                FROM pg_constraint k
                WHERE k.conrelid = (SELECT oid FROM pg_class
                                    WHERE relnamespace = (SELECT n.oid FROM pg_namespace n WHERE n.nspname = current_schema()) AND relname = ?)
                  AND k.contype IN ('p', 'u', 'x')
                ORDER BY k.contype, k.conname""")) {
            select.setString(1, target);
            select.setString(2, table);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    statements.add(rs.getString(1));
                }
            }
        }
        // pg_get_indexdef names the table schema-qualified; the rest of its text (method, columns, predicate,
        // options) is kept as it is.
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT pg_get_indexdef(x.indexrelid),
                       format('CREATE %sINDEX %I ON %I.%I ', CASE WHEN x.indisunique THEN 'UNIQUE ' ELSE '' END,
                              i.relname, current_schema(), ?),
                       format('CREATE %sINDEX %I ON %s ', CASE WHEN x.indisunique THEN 'UNIQUE ' ELSE '' END,
                              i.relname, ?)
                FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                WHERE x.indrelid = (SELECT oid FROM pg_class
                                    WHERE relnamespace = (SELECT n.oid FROM pg_namespace n WHERE n.nspname = current_schema()) AND relname = ?)
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
                ORDER BY i.relname""")) {
            select.setString(1, table);
            select.setString(2, target);
            select.setString(3, table);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String definition = rs.getString(1);
                    String prefix = rs.getString(2);
                    if (!definition.startsWith(prefix)) {
                        obstacles.add(table + " has an index defined as \"" + definition + "\", not in the form"
                                + " expected (" + prefix + "...)");
                        continue;
                    }
                    statements.add(rs.getString(3) + definition.substring(prefix.length()));
                }
            }
        }
        return statements;
    }

    private static String string(Connection connection, String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean bool(Connection connection, String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
