package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.schema.SqlStatement;
import io.sparkfy.dw.target.BuiltTable;
import io.sparkfy.dw.target.FullBuild;
import io.sparkfy.dw.target.FullBuildScripts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The fast full build on PostgreSQL. New tables like the star's, without their keys, are made in a schema of the
 * plugin's own ({@value #BUILD_SCHEMA}, committed but read by nobody), and filled by the build's sessions at once,
 * each on a connection of its own with that schema first on its search path (so the scripts' table names are the
 * new tables, their staging names staging); each session then adds the keys of what it filled, as the catalog
 * defines them for the star's tables, rows before keys. Last, in the goal's transaction, {@link StarSwap} puts the
 * new tables in the place of the old ones. A failure anywhere stops the other sessions and drops the build schema:
 * the star, its views and grants stay as they were. A build that died (its process killed) leaves the build schema
 * behind; the next one drops it first.
 */
final class PostgresFullBuild implements FullBuild {

    /** The plugin's own schema for the tables being built; it exists only while a fast build runs. */
    static final String BUILD_SCHEMA = "sparkfy_dw_build";

    private final Supplier<Connection> connections;

    /** {@code connections}: new connections to the same warehouse, auto-commit off. */
    PostgresFullBuild(Supplier<Connection> connections) {
        this.connections = connections;
    }

    @Override
    public String obstacle(Connection connection, FullBuildScripts scripts) throws SQLException {
        return StarTables.read(connection, scripts.starTables(), BUILD_SCHEMA).obstacle();
    }

    @Override
    public List<BuiltTable> build(Connection connection, FullBuildScripts scripts, Log log) throws SQLException {
        StarTables star = StarTables.read(connection, scripts.starTables(), BUILD_SCHEMA);
        if (star.obstacle() != null) {
            throw new SparkfyException("insert-dw failed, nothing was changed: the fast full build cannot run: "
                    + star.obstacle());
        }
        boolean swapping = false;
        try {
            long started = System.nanoTime();
            setUp(star, scripts, log);
            log.info(String.format("insert-dw: new star tables in %s, staging analyzed, in %.2f s; %d sessions at"
                    + " once: %s", BUILD_SCHEMA, (System.nanoTime() - started) / 1e9, scripts.sessions().size(),
                    String.join(", ", scripts.sessions().stream().map(FullBuildScripts.Session::script).toList())));
            List<BuiltTable> built = fill(star, scripts, log);
            swapping = true;
            long swap = System.nanoTime();
            StarSwap.Carried carried = StarSwap.swap(connection, star, scripts.starTables(), BUILD_SCHEMA);
            log.info(String.format("insert-dw: the new star swapped in, in %.2f s (%d view%s rebound, %d owner, grant"
                    + " or comment statement%s carried); it shows when the goal commits",
                    (System.nanoTime() - swap) / 1e9, carried.views(), carried.views() == 1 ? "" : "s",
                    carried.grants(), carried.grants() == 1 ? "" : "s"));
            return built;
        } catch (SQLException | RuntimeException | Error e) {
            if (swapping) {
                rollback(connection); // the swap's locks on the build tables would keep them from being dropped
            }
            dropBuildSchema(log);
            throw e;
        }
    }

    /** The build schema with an empty, key-less copy of each star table, and staging's statistics; committed. */
    private void setUp(StarTables star, FullBuildScripts scripts, Log log) throws SQLException {
        try (Connection setup = connections.get(); Statement statement = setup.createStatement()) {
            try {
                if (exists(setup)) {
                    log.info("insert-dw: dropping " + BUILD_SCHEMA + ", left by a fast build that did not finish");
                    statement.execute("DROP SCHEMA " + BUILD_SCHEMA + " CASCADE");
                }
                statement.execute("CREATE SCHEMA " + BUILD_SCHEMA);
                for (String table : scripts.starTables()) {
                    statement.execute(createLike(star.schema, table) + options(setup, table));
                }
                for (SqlStatement prepare : scripts.prepare()) {
                    prepare.execute(setup);
                }
                setup.commit();
            } catch (SQLException | RuntimeException e) {
                setup.rollback();
                throw e;
            }
        }
    }

    private static String truncate(FullBuildScripts.Session session) {
        return "TRUNCATE " + String.join(", ", session.tables().stream().map(table -> BUILD_SCHEMA + "." + table)
                .toList());
    }

    private static String createLike(String schema, String table) {
        return "CREATE TABLE " + BUILD_SCHEMA + "." + table + " (LIKE " + schema + "." + table
                + " INCLUDING ALL EXCLUDING INDEXES)";
    }

    /** The old table's storage options (fillfactor, ...), which LIKE does not copy; they matter while filling. */
    private static String options(Connection connection, String table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT array_to_string(reloptions, ', ')"
                + " FROM pg_class WHERE relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())"
                + " AND relname = ? AND reloptions IS NOT NULL")) {
            select.setString(1, table);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? " WITH (" + rs.getString(1) + ")" : "";
            }
        }
    }

    /**
     * Runs every session at once, each on its own connection, and waits for all of them. When one fails, the
     * others are cancelled (they would be dropped anyway) and the first failure is thrown.
     */
    private List<BuiltTable> fill(StarTables star, FullBuildScripts scripts, Log log) throws SQLException {
        AtomicBoolean stop = new AtomicBoolean();
        List<Session> sessions = new ArrayList<>();
        for (FullBuildScripts.Session script : scripts.sessions()) {
            sessions.add(new Session(script, star, stop, log));
        }
        ExecutorService threads = Executors.newFixedThreadPool(sessions.size(), runnable -> {
            Thread thread = new Thread(runnable, "sparkfy-fast-build");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletionService<List<BuiltTable>> running = new ExecutorCompletionService<>(threads);
            for (Session session : sessions) {
                running.submit(session::run);
            }
            Map<String, BuiltTable> built = new LinkedHashMap<>();
            Throwable failure = null;
            for (int done = 0; done < sessions.size(); done++) {
                try {
                    for (BuiltTable table : running.take().get()) {
                        built.put(table.table(), table);
                    }
                } catch (ExecutionException e) {
                    if (failure == null) { // the first to fail; the others fail because they are stopped
                        failure = e.getCause();
                        stop.set(true);
                        sessions.forEach(Session::cancel);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.set(true);
                    sessions.forEach(Session::cancel);
                    throw new SparkfyException("insert-dw was interrupted, nothing was changed", e);
                }
            }
            if (failure instanceof SQLException sql) {
                throw sql;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure != null) {
                throw new SparkfyException("insert-dw failed, nothing was changed: " + failure, failure);
            }
            List<BuiltTable> ordered = new ArrayList<>();
            for (FullBuildScripts.Session script : scripts.sessions()) {
                for (String table : script.tables()) {
                    ordered.add(built.get(table));
                }
            }
            return ordered;
        } finally {
            threads.shutdownNow();
        }
    }

    /** One session of the build: its script, then the keys of the tables it filled, in one transaction. */
    private final class Session {

        private final FullBuildScripts.Session script;
        private final StarTables star;
        private final AtomicBoolean stop;
        private final Log log;
        private volatile Integer pid;

        Session(FullBuildScripts.Session script, StarTables star, AtomicBoolean stop, Log log) {
            this.script = script;
            this.star = star;
            this.stop = stop;
            this.log = log;
        }

        List<BuiltTable> run() throws SQLException {
            long started = System.nanoTime();
            Map<String, long[]> tables = new LinkedHashMap<>(); // table -> {rows, nanos}
            script.tables().forEach(table -> tables.put(table, new long[2]));
            try (Connection connection = connections.get()) {
                try {
                    try (PreparedStatement set = connection.prepareStatement("SELECT pg_backend_pid(),"
                            + " set_config('search_path', ?, true), set_config('application_name', ?, true)")) {
                        set.setString(1, BUILD_SCHEMA + ", " + star.schema);
                        set.setString(2, "sparkfy-dw fast build: " + script.script());
                        try (ResultSet rs = set.executeQuery()) {
                            rs.next();
                            pid = rs.getInt(1);
                        }
                    }
                    // The tables were created (empty) by the set-up's transaction; emptied again in this one, they
                    // get new files, which the embedded server's minimal WAL fills without logging a row or a key.
                    try (Statement truncate = connection.createStatement()) {
                        truncate.execute(truncate(script));
                    }
                    for (SqlStatement statement : script.statements()) {
                        stopIfAsked();
                        long begun = System.nanoTime();
                        long rows = statement.execute(connection).getAsLong();
                        long[] sums = tables.get(statement.targetTable());
                        if (sums != null && statement.verb().equals("INSERT")) {
                            sums[0] += rows;
                            sums[1] += System.nanoTime() - begun;
                        }
                    }
                    for (String table : script.tables()) {
                        for (String key : star.keys(table)) {
                            stopIfAsked();
                            long begun = System.nanoTime();
                            try (Statement statement = connection.createStatement()) {
                                statement.execute(key);
                            } catch (SQLException e) {
                                throw new SQLException(script.script() + ": " + key + " failed: " + e.getMessage(),
                                        e.getSQLState(), e);
                            }
                            tables.get(table)[1] += System.nanoTime() - begun;
                        }
                    }
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    rollback(connection);
                    throw e;
                }
            }
            log.info(String.format("insert-dw: %s filled %s, keys included, in %.2f s", script.script(),
                    String.join(", ", script.tables()), (System.nanoTime() - started) / 1e9));
            List<BuiltTable> built = new ArrayList<>();
            tables.forEach((table, sums) -> built.add(BuiltTable.of(table, sums[0], sums[1])));
            return built;
        }

        private void stopIfAsked() {
            if (stop.get()) {
                throw new SparkfyException("insert-dw: " + script.script() + " stopped: another session failed");
            }
        }

        /** Cancels what the session's backend is running, from a connection of its own; never throws. */
        void cancel() {
            Integer backend = pid;
            if (backend == null) {
                return;
            }
            try (Connection connection = connections.get();
                 PreparedStatement cancel = connection.prepareStatement("SELECT pg_cancel_backend(?)")) {
                cancel.setInt(1, backend);
                cancel.execute();
                connection.rollback();
            } catch (SQLException | RuntimeException e) {
                // it ends at its next statement anyway
            }
        }
    }

    /** Drops what a failed build made, on a connection of its own; a failure here is only logged. */
    private void dropBuildSchema(Log log) {
        try (Connection connection = connections.get(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + BUILD_SCHEMA + " CASCADE");
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            log.warn("insert-dw: could not drop " + BUILD_SCHEMA + " after the failed fast build (the next one will): "
                    + e.getMessage());
        }
    }

    private static boolean exists(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            select.setString(1, BUILD_SCHEMA);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the connection is gone: the server rolls back on its own
        }
    }

    @Override
    public List<PlanBlock> plan(FullBuildScripts scripts) {
        List<PlanBlock> blocks = new ArrayList<>();
        List<String> setup = new ArrayList<>();
        setup.add("DROP SCHEMA IF EXISTS " + BUILD_SCHEMA + " CASCADE");
        setup.add("CREATE SCHEMA " + BUILD_SCHEMA);
        for (String table : scripts.starTables()) {
            setup.add(createLike("<current schema>", table));
        }
        scripts.prepare().forEach(statement -> setup.add(statement.sql()));
        blocks.add(new PlanBlock("fast full build, set-up on a connection of its own: new star tables without keys,"
                + " in a schema of their own that no reader looks at", setup));
        int n = 0;
        for (FullBuildScripts.Session session : scripts.sessions()) {
            List<String> statements = new ArrayList<>();
            statements.add("SET LOCAL search_path = " + BUILD_SCHEMA + ", <current schema>"
                    + " /* the names below are the new tables */");
            statements.add(truncate(session) + " /* new files, filled without WAL */");
            session.statements().forEach(statement -> statements.add(statement.sql()));
            statements.add("-- then the keys of " + String.join(", ", session.tables()) + ", as the warehouse's"
                    + " catalog defines them for the star's tables: ALTER TABLE ... ADD CONSTRAINT ..., CREATE INDEX ...");
            blocks.add(new PlanBlock("fast full build, session " + (++n) + " of " + scripts.sessions().size()
                    + " (" + session.script() + "), at once with the others, each on a connection of its own", statements));
        }
        List<String> swap = new ArrayList<>();
        swap.add("LOCK TABLE " + String.join(", ", scripts.starTables()) + " IN ACCESS EXCLUSIVE MODE");
        swap.add("-- each plain view over a star table: CREATE OR REPLACE VIEW <view> AS <its definition>, now over"
                + " the new table (the view, its grants and views over it are kept)");
        swap.add("-- each new table: the old one's owner, grants and comment (ALTER TABLE ... OWNER TO, GRANT, REVOKE,"
                + " COMMENT ON TABLE)");
        swap.add("DROP TABLE " + String.join(", ", scripts.starTables()));
        for (String table : scripts.starTables()) {
            swap.add("ALTER TABLE " + BUILD_SCHEMA + "." + table + " SET SCHEMA <current schema>");
        }
        swap.add("DROP SCHEMA " + BUILD_SCHEMA);
        blocks.add(new PlanBlock("fast full build, the swap, in the goal's own transaction: readers see the old star"
                + " or the new one", swap));
        return blocks;
    }
}
