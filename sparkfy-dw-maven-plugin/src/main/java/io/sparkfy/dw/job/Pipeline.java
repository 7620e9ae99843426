package io.sparkfy.dw.job;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.copy.StagingLoader;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.report.ReportWriter;
import io.sparkfy.dw.schema.Catalog;
import io.sparkfy.dw.schema.Migrator;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.schema.SqlStatement;
import io.sparkfy.dw.source.Sources;
import io.sparkfy.dw.target.Secrets;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.WarehouseLock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The warehouse jobs, one method per goal. Each runs in one transaction: it commits everything or, on any
 * failure, rolls back and leaves the warehouse as it was. Plain Java: the Maven goals only call it.
 */
public final class Pipeline {

    private final Warehouse warehouse;
    private final SqlResources sql;
    private final Sources sources;
    private final Log log;
    private final boolean dryRun;
    private Duration lockTimeout = Duration.ofMinutes(10);

    public Pipeline(Warehouse warehouse, SqlResources sql, Log log) {
        this(warehouse, sql, Sources.local(), log, false);
    }

    /** With {@code dryRun}, every goal prints the SQL it would run and connects to nothing. */
    public Pipeline(Warehouse warehouse, SqlResources sql, Sources sources, Log log, boolean dryRun) {
        this.warehouse = warehouse;
        this.sql = sql;
        this.sources = sources;
        this.log = log;
        this.dryRun = dryRun;
    }

    /** How long a goal waits for another one working on the same warehouse. */
    public Pipeline lockTimeout(Duration timeout) {
        this.lockTimeout = timeout;
        return this;
    }

    /**
     * Deploys the schema: applies the migrations the warehouse does not have yet, each in its own transaction;
     * with {@code recreate}, drops everything first (what the old create_tables.py did).
     */
    public void createTables(boolean recreate) {
        Migrator migrator = migrator();
        if (dryRun) {
            List<String> statements = new ArrayList<>();
            if (recreate) {
                sql.script(warehouse.dialect(), "drop_tables").forEach(st -> statements.add(st.sql()));
            }
            sql.migrations(warehouse.dialect()).forEach(m -> m.statements().forEach(st -> statements.add(st.sql())));
            printPlan("create-tables (every migration; a real run applies only the pending ones)", statements);
            return;
        }
        try (WarehouseLock lock = warehouse.lock(lockTimeout, "create-tables", log)) {
            deploy(recreate, migrator);
        }
    }

    private void deploy(boolean recreate, Migrator migrator) {
        long started = System.nanoTime();
        Map<String, Boolean> existed = inTransaction("create-tables", connection -> {
            Map<String, Boolean> tables = new LinkedHashMap<>();
            for (String table : allTables()) {
                tables.put(table, !recreate && Catalog.exists(connection, table));
            }
            if (recreate) {
                run(connection, sql.script(warehouse.dialect(), "drop_tables"));
            }
            return tables;
        }, tables -> { });
        migrator.migrate(warehouse::connect, System.getProperty("user.name"));
        existed.forEach((table, was) -> log.info(table + ": "
                + (was ? "exists" : recreate ? "recreated (empty)" : "created")));
        log.info(String.format("create-tables done on %s in %.2f s", warehouse.description(),
                (System.nanoTime() - started) / 1e9));
    }

    /** The migrations, their state and the history, like {@code flyway info}. */
    public QueryResult info() {
        Migrator migrator = migrator();
        if (dryRun) {
            List<List<String>> rows = new ArrayList<>();
            sql.migrations(warehouse.dialect()).forEach(m -> rows.add(List.of(Integer.toString(m.version()),
                    m.description(), m.script(), "(dry run: not read)", "", "", "")));
            return new QueryResult(INFO_HEADER, rows, false);
        }
        try (Connection connection = warehouse.connect()) {
            connection.setReadOnly(true);
            try {
                return new QueryResult(INFO_HEADER, migrator.info(connection), false);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new SparkfyException("info: " + e.getMessage(), e);
        }
    }

    /** Writes the analysts' report into a folder; returns its index.html. Reads only. */
    public Path report(Path folder) {
        if (dryRun) {
            log.info("[dry run] report: the report SQL of sparkfy-dw-sql would run, read-only");
            return folder.resolve("index.html");
        }
        try (Connection connection = warehouse.connect()) {
            return new ReportWriter(connection, sql, log).write(folder);
        } catch (SQLException e) {
            throw new SparkfyException("report: " + e.getMessage(), e);
        }
    }

    /** What this sparkfy-dw-sql deploys: its version and its migrations for this warehouse's dialect. */
    public String schemaDescription() {
        return "sparkfy-dw-sql " + sql.schemaVersion() + ", schema version " + migrator().latest() + " ("
                + warehouse.dialect().folder() + " dialect)";
    }

    private Migrator migrator() {
        return new Migrator(sql.migrations(warehouse.dialect()), sql.schemaVersion(), log);
    }

    /** Drops every table of the schema. */
    public void dropTables() {
        if (dryRun) {
            printPlan("drop-tables", sql.script(warehouse.dialect(), "drop_tables").stream().map(SqlStatement::sql)
                    .collect(Collectors.toList()));
            return;
        }
        try (WarehouseLock lock = warehouse.lock(lockTimeout, "drop-tables", log)) {
            drop();
        }
    }

    private void drop() {
        inTransaction("drop-tables", connection -> {
            List<String> existed = new ArrayList<>();
            for (String table : allTables()) {
                if (Catalog.exists(connection, table)) {
                    existed.add(table + ": dropped, " + String.format("%,d", Catalog.count(connection, table))
                            + " rows");
                }
            }
            run(connection, sql.script(warehouse.dialect(), "drop_tables"));
            return existed;
        }, lines -> {
            lines.forEach(log::info);
            if (lines.isEmpty()) {
                log.info("no sparkfy-dw tables to drop");
            }
        });
    }

    /** Replaces the content of the staging tables with their sources, all or nothing. */
    public List<LoadStats> loadStaging(List<StagingSource> stagingSources) {
        StagingLoader loader = warehouse.stagingLoader(sources);
        if (dryRun) {
            List<String> plan = new ArrayList<>();
            stagingSources.forEach(source -> plan.addAll(loader.plan(source)));
            printPlan("load-stg", plan);
            return List.of();
        }
        Migrator migrator = migrator();
        try (WarehouseLock lock = warehouse.lock(lockTimeout, "load-stg", log)) {
            return inTransaction("load-stg", connection -> {
                migrator.check(connection);
                return loader.load(connection, stagingSources, log);
            }, stats -> {
                stats.forEach(s -> log.info(s.summary()));
                log.info(LoadStats.total(stats));
            });
        }
    }

    /** Runs the star-schema transforms; running them again on the same staging content changes nothing. */
    public void insertDw() {
        if (dryRun) {
            printPlan("insert-dw", sql.script(warehouse.dialect(), "insert_dw").stream().map(SqlStatement::sql)
                    .collect(Collectors.toList()));
            return;
        }
        Migrator migrator = migrator();
        try (WarehouseLock lock = warehouse.lock(lockTimeout, "insert-dw", log)) {
            transform(migrator);
        }
    }

    private void transform(Migrator migrator) {
        inTransaction("insert-dw", connection -> {
            migrator.check(connection);
            Map<String, long[]> touched = new LinkedHashMap<>(); // table -> {rows written, nanos}
            for (SqlStatement statement : sql.script(warehouse.dialect(), "insert_dw")) {
                long started = System.nanoTime();
                int rows = execute(connection, statement);
                if (statement.targetTable() == null) {
                    continue; // a setting for the transaction (SET LOCAL): no table to report
                }
                long[] sums = touched.computeIfAbsent(statement.targetTable(), t -> new long[2]);
                sums[0] += statement.verb().equals("DELETE") ? 0 : rows;
                sums[1] += System.nanoTime() - started;
            }
            List<String> lines = new ArrayList<>();
            for (Map.Entry<String, long[]> entry : touched.entrySet()) {
                lines.add(String.format("%s: %,d rows written, %,d in total, in %.2f s", entry.getKey(),
                        entry.getValue()[0], Catalog.count(connection, entry.getKey()), entry.getValue()[1] / 1e9));
            }
            return lines;
        }, lines -> lines.forEach(log::info));
    }

    /** Runs one read-only query for an analyst; returns at most {@code maxRows} rows. */
    public QueryResult query(String query, int maxRows) {
        if (query == null || query.isBlank()) {
            throw new SparkfyException("no query given: set -Dsparkfy.sql=\"select ...\"");
        }
        if (dryRun) {
            printPlan("query", List.of(query.strip()));
            return new QueryResult(List.of(), List.of(), false);
        }
        try (Connection connection = warehouse.connect()) {
            connection.setReadOnly(true);
            try (Statement statement = connection.createStatement()) {
                statement.setMaxRows(maxRows + 1);
                try (ResultSet rs = statement.executeQuery(query)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    List<String> header = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        header.add(meta.getColumnLabel(i));
                    }
                    List<List<String>> rows = new ArrayList<>();
                    boolean truncated = false;
                    while (rs.next()) {
                        if (rows.size() == maxRows) {
                            truncated = true;
                            break;
                        }
                        List<String> row = new ArrayList<>();
                        for (int i = 1; i <= header.size(); i++) {
                            row.add(rs.getString(i));
                        }
                        rows.add(row);
                    }
                    return new QueryResult(header, rows, truncated);
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new SparkfyException("the query failed: " + e.getMessage(), e);
        }
    }

    /** A dry run's output: each statement as it would be sent, in one transaction, secrets masked. */
    private void printPlan(String goal, List<String> statements) {
        log.info("[dry run] " + goal + " on " + warehouse.description() + ": nothing is connected or changed");
        log.info("BEGIN;");
        for (String statement : statements) {
            for (String line : (Secrets.mask(statement) + ";").split("\n")) {
                log.info(line);
            }
        }
        log.info("COMMIT;");
    }

    private static final List<String> INFO_HEADER =
            List.of("version", "description", "script", "state", "installed on", "time", "installed by");

    private List<String> allTables() {
        return sql.declaration().tables();
    }

    private static void run(Connection connection, List<SqlStatement> statements) throws SQLException {
        for (SqlStatement statement : statements) {
            execute(connection, statement);
        }
    }

    private static int execute(Connection connection, SqlStatement statement) throws SQLException {
        try (PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
            prepared.execute();
            return Math.max(0, prepared.getUpdateCount());
        } catch (SQLException e) {
            throw new SQLException(statement.where() + " failed: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    /** Runs work in one transaction; reports only after the commit, so a summary never describes a rollback. */
    private <T> T inTransaction(String goal, Work<T> work, java.util.function.Consumer<T> report) {
        long started = System.nanoTime();
        T result;
        try (Connection connection = warehouse.connect()) {
            try {
                result = work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                if (e instanceof SparkfyException) {
                    throw (SparkfyException) e;
                }
                throw new SparkfyException(goal + " failed, nothing was changed: " + e.getMessage(), e);
            }
        } catch (SQLException e) {
            throw new SparkfyException(goal + ": " + e.getMessage(), e);
        }
        report.accept(result);
        log.info(String.format("%s done on %s in %.2f s", goal, warehouse.description(),
                (System.nanoTime() - started) / 1e9));
        return result;
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the connection is gone: the server rolls back on its own
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}
