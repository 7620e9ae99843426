package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.SparkfyException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The end of the fast full build, in the goal's transaction: the new tables (built and keyed in the build schema)
 * take the place of the star's empty ones. PostgreSQL binds views and grants to a table's OID, not its name, so the
 * swap carries them: each view over a star table is re-created in place ({@code CREATE OR REPLACE VIEW} with its
 * own definition, which keeps the view itself, its grants and the views over it) over the new table, and the new
 * table gets the old one's owner, grants (table and column) and comment. Then the old tables are dropped (without
 * CASCADE: anything else still depending on them fails the swap, which changes nothing) and the new ones moved into
 * the star's schema. Short: catalog work only, under an ACCESS EXCLUSIVE lock on the star tables, so readers wait
 * for a moment and then see the new star, or see the old one; never a part.
 */
final class StarSwap {

    private static final Pattern PRIVILEGE = Pattern.compile("[A-Z]+( [A-Z]+)*");

    private StarSwap() {
    }

    /** What the swap carried over, for the log. */
    record Carried(int views, int grants) {
    }

    static Carried swap(Connection connection, StarTables star, List<String> tables, String buildSchema)
            throws SQLException {
        String searchPath = string(connection, "SELECT current_setting('search_path')");
        List<String> old = new ArrayList<>();
        for (String table : tables) {
            old.add(star.schema + "." + table);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE " + String.join(", ", old) + " IN ACCESS EXCLUSIVE MODE");
            for (String table : old) {
                try (ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        throw new SparkfyException("insert-dw failed, nothing was changed: " + table + " gained rows"
                                + " while the fast full build ran (written by something other than sparkfy-dw)");
                    }
                }
            }
        }
        // The definitions are printed with the star's schema alone on the path, so that the star tables appear by
        // name; run with the build schema first, those names are the new tables.
        setPath(connection, star.schema);
        List<String> views = views(connection, tables);
        setPath(connection, buildSchema + ", " + star.schema);
        int grants = 0;
        try (Statement statement = connection.createStatement()) {
            for (String view : views) {
                statement.execute(view);
            }
            for (String table : tables) {
                grants += carry(connection, star.schema + "." + table, buildSchema + "." + table);
            }
            statement.execute("DROP TABLE " + String.join(", ", old));
            for (String table : tables) {
                statement.execute("ALTER TABLE " + buildSchema + "." + table + " SET SCHEMA " + star.schema);
            }
            statement.execute("DROP SCHEMA " + buildSchema);
        }
        try (PreparedStatement restore = connection.prepareStatement("SELECT set_config('search_path', ?, true)")) {
            restore.setString(1, searchPath);
            restore.execute();
        }
        return new Carried(views.size(), grants);
    }

    /**
     * {@code CREATE OR REPLACE VIEW} for each plain view over the tables, oldest first (views over views later); the
     * view's own name schema-qualified, or it would be created anew in the build schema, first on the path.
     */
    private static List<String> views(Connection connection, List<String> tables) throws SQLException {
        List<String> views = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT DISTINCT v.oid, quote_ident(vn.nspname) || '.' || quote_ident(v.relname), pg_get_viewdef(v.oid),
                       array_to_string(v.reloptions, ', ')
                FROM pg_depend d
                JOIN pg_rewrite r ON r.oid = d.objid
                JOIN pg_class v ON v.oid = r.ev_class
                JOIN pg_namespace vn ON vn.oid = v.relnamespace
                WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
                  AND d.refobjid IN (SELECT c.oid FROM pg_class c
                                     WHERE c.relnamespace = (SELECT n.oid FROM pg_namespace n
                                                             WHERE n.nspname = current_schema())
                                       AND c.relname = ANY (?))
                  AND v.relkind = 'v' AND v.oid <> d.refobjid
                ORDER BY v.oid""")) {
            select.setArray(1, connection.createArrayOf("text", tables.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String definition = rs.getString(3).strip();
                    if (definition.endsWith(";")) {
                        definition = definition.substring(0, definition.length() - 1);
                    }
                    String options = rs.getString(4);
                    views.add("CREATE OR REPLACE VIEW " + rs.getString(2)
                            + (options == null || options.isEmpty() ? "" : " WITH (" + options + ")")
                            + " AS " + definition);
                }
            }
        }
        return views;
    }

    /**
     * Makes {@code fresh} owned, granted and commented as {@code old} is: its owner, then the difference of their
     * grants (what fresh has and old has not is revoked, the reverse granted), column grants, the comment. Returns
     * how many statements that took.
     */
    private static int carry(Connection connection, String old, String fresh) throws SQLException {
        int owner = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT o.relowner <> n.relowner,"
                + " quote_ident(pg_get_userbyid(o.relowner)) FROM pg_class o, pg_class n"
                + " WHERE o.oid = ?::regclass AND n.oid = ?::regclass")) {
            select.setString(1, old);
            select.setString(2, fresh);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    // first: a new owner rewrites the grants, which are compared next
                    execute(connection, "ALTER TABLE " + fresh + " OWNER TO " + rs.getString(2));
                    owner = 1;
                }
            }
        }
        List<String> statements = new ArrayList<>();
        Set<String> had = grants(connection, old);
        Set<String> has = grants(connection, fresh);
        for (String grant : has) {
            if (!had.contains(grant)) {
                String[] g = grant.split("\\|");
                statements.add("REVOKE " + g[0] + " ON " + fresh + " FROM " + g[1]);
            }
        }
        for (String grant : had) {
            if (!has.contains(grant)) {
                String[] g = grant.split("\\|");
                statements.add("GRANT " + g[0] + " ON " + fresh + " TO " + g[1]
                        + (g[2].equals("t") ? " WITH GRANT OPTION" : ""));
            }
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT x.privilege_type, quote_ident(a.attname),"
                + " CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(x.grantee)) END,"
                + " x.is_grantable FROM pg_attribute a, aclexplode(a.attacl) x"
                + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            select.setString(1, old);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    statements.add("GRANT " + privilege(rs.getString(1)) + " (" + rs.getString(2) + ") ON " + fresh
                            + " TO " + rs.getString(3) + (rs.getBoolean(4) ? " WITH GRANT OPTION" : ""));
                }
            }
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT format('COMMENT ON TABLE %s IS %L', ?,"
                + " obj_description(?::regclass, 'pg_class')) WHERE obj_description(?::regclass, 'pg_class')"
                + " IS NOT NULL")) {
            select.setString(1, fresh);
            select.setString(2, old);
            select.setString(3, old);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    statements.add(rs.getString(1));
                }
            }
        }
        for (String statement : statements) {
            execute(connection, statement);
        }
        return owner + statements.size();
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** A table's effective grants (the owner's defaults when it has none of its own), as privilege|grantee|grantable. */
    private static Set<String> grants(Connection connection, String table) throws SQLException {
        Set<String> grants = new LinkedHashSet<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT x.privilege_type,"
                + " CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(x.grantee)) END,"
                + " x.is_grantable FROM pg_class c, aclexplode(COALESCE(c.relacl, acldefault('r', c.relowner))) x"
                + " WHERE c.oid = ?::regclass ORDER BY 1, 2")) {
            select.setString(1, table);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    grants.add(privilege(rs.getString(1)) + "|" + rs.getString(2) + "|" + (rs.getBoolean(3) ? "t" : "f"));
                }
            }
        }
        return grants;
    }

    /** A privilege's name as the catalog gives it (SELECT, INSERT, ...): a keyword, checked before it is SQL text. */
    private static String privilege(String name) throws SQLException {
        if (name == null || !PRIVILEGE.matcher(name).matches()) {
            throw new SQLException("unexpected privilege name in the catalog: " + name);
        }
        return name;
    }

    private static void setPath(Connection connection, String path) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement("SELECT set_config('search_path', ?, true)")) {
            set.setString(1, path);
            set.execute();
        }
    }

    private static String string(Connection connection, String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
