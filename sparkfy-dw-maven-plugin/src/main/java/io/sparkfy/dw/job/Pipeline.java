package io.sparkfy.dw.job;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.check.CheckReport;
import io.sparkfy.dw.check.CheckSettings;
import io.sparkfy.dw.StepTimer;
import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.copy.Reload;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.source.Sources;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.Warehouses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The warehouse jobs, one method per goal, like Flyway's facade over its commands. Jobs that change the warehouse
 * run in one transaction: they commit everything or, on any failure, roll back and leave it as it was. Plain Java:
 * the Maven goals only call it. Built for a dry run, every goal prints the SQL it would run and connects to nothing.
 */
public final class Pipeline implements AutoCloseable {

    private final WarehouseSchema schema;
    private final Execution execution;
    private final boolean ownsWarehouse;
    private final BiFunction<Log, String, StepTimer> timers;

    /** A real run on a warehouse the caller opened and closes. */
    public Pipeline(Warehouse warehouse, SqlResources sql, Log log) {
        this(builder(log).sql(sql), warehouse, false);
    }

    private Pipeline(Builder builder, Warehouse warehouse, boolean ownsWarehouse) {
        this.schema = new WarehouseSchema(warehouse, builder.sql, builder.log);
        this.execution = builder.dryRun ? new DryRun(warehouse.description(), builder.log)
                : new RealRun(warehouse, builder.lockTimeout, builder.log);
        this.ownsWarehouse = ownsWarehouse;
        this.timers = builder.timers;
    }

    public static Builder builder(Log log) {
        return new Builder(log);
    }

    /** Deploys the schema; with {@code recreate}, drops everything first. */
    public void createTables(boolean recreate) {
        execution.run(new CreateTables(schema, recreate));
    }

    /** The migrations, their state and the history, like {@code flyway info}. */
    public QueryResult info() {
        return execution.run(new Info(schema));
    }

    /**
     * The last {@code limit} runs of the goals that change the warehouse, newest first: goal, status, times, who,
     * versions, files, rows per table, rejections and a failed run's error. Reads only.
     */
    public QueryResult history(int limit) {
        return execution.run(new History(schema, limit));
    }

    /** Writes the analysts' report into a folder; returns its index.html. Reads only. */
    public Path report(Path folder) {
        return execution.run(new Report(schema, folder, null));
    }

    /** As {@link #report(Path)}, with the last check results the check goal wrote into {@code checkReports}. */
    public Path report(Path folder, Path checkReports) {
        return execution.run(new Report(schema, folder, checkReports));
    }

    /**
     * Runs the data tests (the shipped checks and the project's) read-only, writes their JUnit XML and results, and
     * fails when an error check finds rows, unless {@code settings} say not to. Changes nothing in the warehouse.
     */
    public CheckReport check(CheckSettings settings) {
        return execution.run(new Check(schema, settings));
    }

    /** Drops every table of the schema. */
    public void dropTables() {
        execution.run(new DropTables(schema));
    }

    /**
     * Replaces the content of the staging tables with what is new in their sources (objects the load ledger does
     * not hold, or holds with another size or version), all or nothing; a table with nothing new is left as it is.
     */
    public List<LoadStats> loadStaging(List<StagingSource> stagingSources) {
        return loadStaging(stagingSources, Reload.NEW);
    }

    /** As {@link #loadStaging(List)}, also loading again what {@code reload} names ({@link Reload#ALL}: all). */
    public List<LoadStats> loadStaging(List<StagingSource> stagingSources, Reload reload) {
        return execution.run(new LoadStaging(schema, schema.warehouse().stagingLoader(), stagingSources, reload));
    }

    /** Runs the star-schema transforms; running them again on the same staging content changes nothing. */
    public void insertDw() {
        execution.run(new InsertDw(schema, timers));
    }

    /** Runs one read-only query for an analyst; returns at most {@code maxRows} rows. */
    public QueryResult query(String query, int maxRows) {
        return execution.run(new Query(query, maxRows));
    }

    /**
     * Serves the embedded warehouse to other tools on this machine until {@code control} is stopped, with a login
     * that can only read the warehouse's tables, whose password is {@code readerPassword} (null: one made up and
     * printed; a given one is never printed: {@code passwordProperty} names where it was set). Ctrl-C (the JVM's
     * exit) stops it as {@code control} does.
     */
    public void serve(String readerPassword, String passwordProperty, ServeControl control) {
        Runnable removeHook = control.stopOnExit(); // Ctrl-C stops the server and ends the goal cleanly
        try {
            execution.run(new Serve(schema, readerPassword, passwordProperty, control));
        } finally {
            control.ended(); // served and stopped, failed, or a dry run: nobody waits on it any longer
            removeHook.run();
        }
    }

    /** What this sparkfy-dw-sql deploys: its version and its migrations for this warehouse's dialect. */
    public String schemaDescription() {
        return "sparkfy-dw-sql " + schema.sql().schemaVersion() + ", schema version " + schema.migrator().latest()
                + " (" + schema.warehouse().dialect().folder() + " dialect)";
    }

    /** Closes the warehouse if this pipeline opened it. */
    @Override
    public void close() {
        if (ownsWarehouse) {
            schema.warehouse().close();
        }
    }

    /** How the jobs run; {@link #dryRun} is decided here, once, for the warehouse and the jobs alike. */
    public static final class Builder {

        private final Log log;
        private SqlResources sql = new SqlResources();
        private Sources sources = Sources.local();
        private Duration lockTimeout = Duration.ofMinutes(10);
        private boolean dryRun;
        private BiFunction<Log, String, StepTimer> timers = StepTimer::everyFewSeconds;

        private Builder(Log log) {
            this.log = log;
        }

        public Builder sql(SqlResources sql) {
            this.sql = sql;
            return this;
        }

        /** How S3 is reached: the warehouse this builder opens reads its sources through it. */
        public Builder sources(Sources sources) {
            this.sources = sources;
            return this;
        }

        /** How long a goal waits for another one working on the same warehouse. */
        public Builder lockTimeout(Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
            return this;
        }

        /** Every goal prints the SQL it would run; nothing is started, connected or changed. */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** For tests: how a long step's "running for" lines are timed (a clock and ticks of the test's). */
        Builder timers(BiFunction<Log, String, StepTimer> timers) {
            this.timers = timers;
            return this;
        }

        /** Opens the warehouse the settings name (in a dry run, without starting or connecting anything). */
        public Pipeline open(WarehouseSettings settings) {
            Warehouse warehouse = Warehouses.open(settings, sources, log, dryRun);
            try {
                return new Pipeline(this, warehouse, true);
            } catch (RuntimeException e) {
                warehouse.close();
                throw e;
            }
        }

        /** On a warehouse the caller opened and closes. */
        public Pipeline on(Warehouse warehouse) {
            return new Pipeline(this, warehouse, false);
        }
    }
}
