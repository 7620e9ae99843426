package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.StepTimer;
import io.sparkfy.dw.schema.SqlStatement;
import io.sparkfy.dw.target.BuiltTable;
import io.sparkfy.dw.target.FullBuild;
import io.sparkfy.dw.target.FullBuildScripts;
import io.sparkfy.dw.target.SessionProgress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The fast full build on PostgreSQL. New tables like the star's, without their keys, are made in a schema of the
 * plugin's own ({@value #BUILD_SCHEMA}, committed but read by nobody), and filled by the build's sessions at once,
 * each on a connection of its own with that schema first on its search path (so the scripts' table names are the
 * new tables, their staging names staging). Each session commits its rows there, then builds keys, as the catalog
 * defines them for the star's tables, for whichever filled table is next in a queue all sessions share: rows before
 * keys, and no session idle while another's keys wait. Last, in the goal's transaction, {@link StarSwap} puts the
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
    public List<BuiltTable> build(Connection connection, FullBuildScripts scripts, Log log, StepTimer timer)
            throws SQLException {
        StarTables star = StarTables.read(connection, scripts.starTables(), BUILD_SCHEMA);
        if (star.obstacle() != null) {
            throw new SparkfyException("insert-dw failed, nothing was changed: the fast full build cannot run: "
                    + star.obstacle());
        }
        boolean swapping = false;
        try {
            long started = System.nanoTime();
            timer.step("setting up the build");
            setUp(star, scripts, log);
            timer.idle();
            log.info(String.format("insert-dw: new star tables in %s, staging analyzed, in %.2f s; %d sessions at"
                    + " once: %s", BUILD_SCHEMA, (System.nanoTime() - started) / 1e9, scripts.sessions().size(),
                    String.join(", ", scripts.sessions().stream().map(FullBuildScripts.Session::script).toList())));
            List<BuiltTable> built = fill(star, scripts, log, timer);
            swapping = true;
            long swap = System.nanoTime();
            timer.step("swapping the new star in"); // its lock waits for the star's readers
            StarSwap.Carried carried = StarSwap.swap(connection, star, scripts.starTables(), BUILD_SCHEMA);
            timer.idle();
            log.info(String.format("insert-dw: the new star swapped in, in %.2f s (%d view%s rebound, %d owner, grant"
                    + " or comment statement%s carried); it shows when the goal commits",
                    (System.nanoTime() - swap) / 1e9, carried.views(), carried.views() == 1 ? "" : "s",
                    carried.grants(), carried.grants() == 1 ? "" : "s"));
            return built;
        } catch (SQLException | RuntimeException | Error e) {
            timer.idle(); // no "running for" lines about a step that failed
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
    private List<BuiltTable> fill(StarTables star, FullBuildScripts scripts, Log log, StepTimer timer)
            throws SQLException {
        AtomicBoolean stop = new AtomicBoolean();
        KeyQueue keys = new KeyQueue(scripts.sessions().size(), scripts.starTables().size());
        Map<String, Filled> filled = new ConcurrentHashMap<>();
        List<Session> sessions = new ArrayList<>();
        for (FullBuildScripts.Session script : scripts.sessions()) {
            sessions.add(new Session(script, star, keys, filled, stop, new SessionProgress(log, timer, script)));
        }
        ExecutorService threads = Executors.newFixedThreadPool(sessions.size(), runnable -> {
            Thread thread = new Thread(runnable, "sparkfy-fast-build");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletionService<Void> running = new ExecutorCompletionService<>(threads);
            for (Session session : sessions) {
                running.submit(session::run, null);
            }
            Throwable failure = null;
            for (int done = 0; done < sessions.size(); done++) {
                try {
                    running.take().get();
                } catch (ExecutionException e) {
                    if (failure == null) { // the first to fail; the others fail because they are stopped
                        failure = e.getCause();
                        stop.set(true);
                        keys.stop();
                        sessions.forEach(Session::cancel);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.set(true);
                    keys.stop();
                    sessions.forEach(Session::cancel);
                    throw new SparkfyException("insert-dw was interrupted, nothing was changed", e);
                }
            }
            if (failure instanceof UncheckedSql sql) {
                throw sql.getCause();
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure != null) {
                throw new SparkfyException("insert-dw failed, nothing was changed: " + failure, failure);
            }
            log.info(String.format("insert-dw: the keys of the %d tables built, the last %.2f s after the last rows were"
                    + " in", filled.size(), keys.secondsSinceAllFilled()));
            List<BuiltTable> ordered = new ArrayList<>();
            for (FullBuildScripts.Session script : scripts.sessions()) {
                for (String table : script.tables()) {
                    Filled done = filled.get(table);
                    ordered.add(BuiltTable.of(table, done.rows, done.nanos.get()));
                }
            }
            return ordered;
        } finally {
            threads.shutdownNow();
        }
    }

    /** A table a session filled: its rows, and the time its statements and then its keys took. */
    private static final class Filled {
        final String table;
        final String script;
        final long rows;
        final AtomicLong nanos;
        int nth; // its place among the tables whose keys are built, set when a session takes it

        Filled(String table, String script, long rows, long nanos) {
            this.table = table;
            this.script = script;
            this.rows = rows;
            this.nanos = new AtomicLong(nanos);
        }
    }

    /**
     * The tables whose rows are committed and whose keys are still to be built, largest first. Every session takes
     * from it once its own rows are in, so a session that finishes early builds the keys of a slower one's tables
     * instead of waiting for it (on 2 cores, with each session building its own, one ended 0.2-0.5 s after the other).
     */
    private static final class KeyQueue {
        private final PriorityQueue<Filled> tables = new PriorityQueue<>(
                Comparator.comparingLong((Filled table) -> table.rows).reversed());
        private final int total;
        private int filling;
        private int taken;
        private long allFilled; // System.nanoTime() when the last session's rows were in
        private boolean stopped;

        KeyQueue(int sessions, int tables) {
            this.filling = sessions;
            this.total = tables;
        }

        synchronized void offer(List<Filled> filled) {
            tables.addAll(filled);
            if (--filling == 0) {
                allFilled = System.nanoTime();
            }
            notifyAll();
        }

        /** The next table, or null when every session has offered its tables and none is left (or on a stop). */
        synchronized Filled take() throws InterruptedException {
            while (tables.isEmpty() && filling > 0 && !stopped) {
                wait();
            }
            Filled next = stopped ? null : tables.poll();
            if (next != null) {
                next.nth = ++taken;
            }
            return next;
        }

        /** How many tables get keys: every star table. */
        int total() {
            return total;
        }

        synchronized void stop() {
            stopped = true;
            notifyAll();
        }

        synchronized double secondsSinceAllFilled() {
            return (System.nanoTime() - allFilled) / 1e9;
        }
    }

    /** A session's SQLException, through the executor's Runnable. */
    private static final class UncheckedSql extends RuntimeException {
        UncheckedSql(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    /**
     * One session of the build: its script in one transaction, committed into the build schema (no reader looks
     * there, and a failed build drops it); then keys, a table per transaction, from the queue that all sessions share.
     */
    private final class Session {

        private final FullBuildScripts.Session script;
        private final StarTables star;
        private final KeyQueue keys;
        private final Map<String, Filled> filled;
        private final AtomicBoolean stop;
        private final SessionProgress progress;
        private volatile Integer pid;

        Session(FullBuildScripts.Session script, StarTables star, KeyQueue keys, Map<String, Filled> filled,
                AtomicBoolean stop, SessionProgress progress) {
            this.script = script;
            this.star = star;
            this.keys = keys;
            this.filled = filled;
            this.stop = stop;
            this.progress = progress;
        }

        void run() {
            try (Connection connection = connections.get()) {
                try {
                    fillTables(connection);
                    buildKeys(connection);
                } catch (SQLException | RuntimeException e) {
                    progress.idle(); // its lane tells no more of a step that failed
                    rollback(connection);
                    throw e;
                }
            } catch (SQLException e) {
                throw new UncheckedSql(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SparkfyException("insert-dw: " + script.script() + " was interrupted", e);
            }
        }

        private void fillTables(Connection connection) throws SQLException {
            long started = System.nanoTime();
            Map<String, long[]> tables = new LinkedHashMap<>(); // table -> {rows, nanos}
            script.tables().forEach(table -> tables.put(table, new long[2]));
            try (PreparedStatement set = connection.prepareStatement("SELECT pg_backend_pid(),"
                    + " set_config('search_path', ?, false), set_config('application_name', ?, false)")) {
                set.setString(1, BUILD_SCHEMA + ", " + star.schema);
                set.setString(2, "sparkfy-dw fast build: " + script.script());
                try (ResultSet rs = set.executeQuery()) {
                    rs.next();
                    pid = rs.getInt(1);
                }
            }
            // The tables were created (empty) by the set-up's transaction; emptied again in this one, they get new
            // files, which the embedded server's minimal WAL fills without logging a row.
            if (!script.tables().isEmpty()) {
                try (Statement truncate = connection.createStatement()) {
                    truncate.execute(truncate(script));
                }
            }
            for (int i = 0; i < script.statements().size(); i++) {
                SqlStatement statement = script.statements().get(i);
                stopIfAsked();
                progress.before(i);
                long begun = System.nanoTime();
                long rows = statement.execute(connection).getAsLong();
                long[] sums = tables.get(statement.targetTable());
                if (sums != null && statement.verb().equals("INSERT")) {
                    sums[0] += rows;
                    sums[1] += System.nanoTime() - begun;
                }
            }
            connection.commit();
            List<Filled> done = new ArrayList<>();
            tables.forEach((table, sums) -> done.add(new Filled(table, script.script(), sums[0], sums[1])));
            done.forEach(table -> filled.put(table.table, table));
            progress.filled(System.nanoTime() - started);
            keys.offer(done);
        }

        private void buildKeys(Connection connection) throws SQLException, InterruptedException {
            for (Filled table = keys.take(); table != null; table = keys.take()) {
                progress.keys(table.table, table.nth, keys.total());
                long begun = System.nanoTime();
                for (String key : star.keys(table.table)) {
                    stopIfAsked();
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(key);
                    } catch (SQLException e) {
                        throw new SQLException("the keys of " + table.table + " (filled by " + table.script + "): "
                                + key + " failed: " + e.getMessage(), e.getSQLState(), e);
                    }
                }
                connection.commit();
                table.nanos.addAndGet(System.nanoTime() - begun);
                progress.idle(); // while it waits for the next table
            }
            stopIfAsked();
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
            statements.add("SET search_path = " + BUILD_SCHEMA + ", <current schema>"
                    + " /* the names below are the new tables */");
            if (!session.tables().isEmpty()) {
                statements.add(truncate(session) + " /* new files: with wal_level=minimal, as on the embedded server,"
                        + " their rows are not logged */");
            }
            session.statements().forEach(statement -> statements.add(statement.sql()));
            blocks.add(new PlanBlock("fast full build, session " + (++n) + " of " + scripts.sessions().size()
                    + " (" + session.script() + "), at once with the others, each on a connection of its own", statements));
        }
        blocks.add(new PlanBlock("fast full build, keys, a transaction per table, on whichever session's connection is"
                + " free, largest table first", List.of("-- the keys of each of " + String.join(", ",
                scripts.starTables()) + ", as the warehouse's catalog defines them for the star's tables:"
                + " ALTER TABLE ... ADD CONSTRAINT ..., CREATE INDEX ...")));
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
