package io.sparkfy.dw.job;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.Plural;
import io.sparkfy.dw.StepTimer;
import io.sparkfy.dw.schema.Catalog;
import io.sparkfy.dw.schema.Migrator;
import io.sparkfy.dw.schema.SchemaDeclaration;
import io.sparkfy.dw.schema.ScriptStep;
import io.sparkfy.dw.schema.SqlStatement;
import io.sparkfy.dw.schema.StagingTable;
import io.sparkfy.dw.target.BuiltTable;
import io.sparkfy.dw.target.FullBuild;
import io.sparkfy.dw.target.FullBuildScripts;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * Runs the star-schema transforms; running them again on the same staging content changes nothing. Into an empty
 * star (every star table empty: the first load, a reload into a recreated schema) it takes the fast full build the
 * schema artifact declares and the target runs ({@link FullBuild}), which gives the same rows as the merge;
 * otherwise, or where the target cannot take it now, it merges staging into the star (insert_dw). Each step of the
 * merge (its {@code -- step:} markers) is named when it begins, and a step that lasts is told every few seconds
 * with how long it has run; the fast build's sessions tell theirs the same way ({@code SessionProgress}). The
 * steps of a staging table that holds what an earlier run merged are left out ({@link StagingState},
 * {@link BatchSteps}): with nothing new at all, no step runs and no star table is read.
 */
final class InsertDw implements Job<Void> {

    private final WarehouseSchema schema;
    private final Migrator migrator;
    private final BiFunction<Log, String, StepTimer> timers;

    InsertDw(WarehouseSchema schema, BiFunction<Log, String, StepTimer> timers) {
        this.schema = schema;
        this.migrator = schema.migrator();
        this.timers = timers;
    }

    @Override
    public String goal() {
        return "insert-dw";
    }

    @Override
    public boolean changesWarehouse() {
        return true;
    }

    @Override
    public Plan<Void> plan() {
        List<String> merge = WarehouseSchema.texts(schema.script("insert_dw"));
        FullBuildScripts fast = fastBuild();
        if (fast == null) {
            return Plan.transaction(goal(), merge, null);
        }
        List<String> intro = new ArrayList<>(List.of("insert-dw picks its path when it runs: the fast full build"
                + " when every star table is empty (" + String.join(", ", fast.starTables()) + ")",
                "and the warehouse can take it; otherwise the merge (the last block). Both give the same rows. A dry"
                        + " run reads nothing, so it shows both."));
        if (fast.gap() != null) {
            intro.add("This schema's fast build is incomplete (" + fast.gap() + "): insert-dw merges.");
            return Plan.blocks(goal(), intro, List.of(new FullBuild.PlanBlock("the merge", merge)), null);
        }
        List<FullBuild.PlanBlock> blocks = new ArrayList<>(schema.warehouse().fullBuild().plan(fast));
        blocks.add(new FullBuild.PlanBlock("or, into a star that holds rows: the merge, in the goal's transaction",
                merge));
        return Plan.blocks(goal(), intro, blocks, null);
    }

    @Override
    public Void run(TransactionRunner transactions) {
        RunHistory.Run run = schema.runs().start(goal());
        StagingState state = new StagingState(schema.sql().declaration().stagingStateTable());
        List<String> staging = schema.sql().declaration().stagingTables().stream().map(StagingTable::table).toList();
        transactions.commit(run, connection -> {
            migrator.check(connection);
            Map<String, StagingState.Merged> merged = state.merged(connection, staging);
            Outcome outcome = new Outcome();
            merged.values().forEach(m -> outcome.lines.add(m.describe() + ": its steps are left out"));
            if (merged.keySet().containsAll(staging)) {
                outcome.lines.add("nothing new in staging since the last insert-dw: the star is left as it is");
                return outcome;
            }
            if (!fastBuild(connection, outcome)) {
                merge(connection, staging, merged.keySet(), outcome);
            }
            // Known now or, on a warehouse that batches its writes, once committed: the run asks when it is recorded
            outcome.written.forEach((table, written) -> run.wrote(table, written::rows));
            state.mergedBy(connection, run.id());
            return outcome;
        }, outcome -> report(transactions, outcome));
        return null;
    }

    /**
     * Says what the run did, after its commit: every transport knows the rows written by then (a batch learns them
     * at the commit), and what staging and, after a merge, the declared star totals hold is read in a short
     * read-only transaction of its own (a batch cannot read what it has not committed yet; read before the work,
     * staging would be locked before the fast build's sessions took it). A fast build wrote all there is.
     */
    private void report(TransactionRunner transactions, Outcome outcome) {
        List<String> totals = schema.sql().declaration().starTotals();
        Map.Entry<List<String>, Map<String, Long>> read = transactions.readOnly("insert-dw is done, but what staging"
                + " and the star hold cannot be read", connection -> Map.entry(emptyStaging(connection),
                outcome.merged ? Catalog.counts(connection, totals) : Map.of()));
        read.getKey().forEach(schema.log()::warn);
        outcome.lines.forEach(schema.log()::info);
        long total = 0;
        for (Map.Entry<String, Written> entry : outcome.written.entrySet()) {
            long rows = entry.getValue().rows();
            total += rows;
            // Per table, what was written; only the declared totals are counted (each count reads a table that
            // holds the history, which would cost a daily run more every day). The fast build wrote all there is.
            schema.log().info(outcome.fast
                    ? String.format("%s: %s written, %,d in total, in %.2f s", entry.getKey(),
                            Plural.of(rows, "row"), rows, entry.getValue().nanos / 1e9)
                    : String.format("%s: %s written, in %.2f s", entry.getKey(), Plural.of(rows, "row"),
                            entry.getValue().nanos / 1e9));
        }
        if (outcome.statements < outcome.scriptStatements) {
            schema.log().info(String.format("%d of the %d statements ran", outcome.statements,
                    outcome.scriptStatements));
        }
        if (outcome.merged || outcome.fast) {
            Map<String, Long> held = new LinkedHashMap<>(read.getValue());
            if (outcome.fast) {
                totals.forEach(table -> held.put(table, outcome.written.get(table).rows()));
            }
            String holds = "the star holds in total, from every load so far: " + holding(held);
            schema.log().info(total == 0 ? goal() + ": nothing new was written; " + holds
                    : String.format("%s: %s written into %s; %s", goal(), Plural.of(total, "row"),
                            Plural.of(outcome.written.size(), "table"), holds));
        }
    }

    /** "songplays 6,820 rows, users 97, ...": the noun once, after the first count. */
    private static String holding(Map<String, Long> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((table, rows) -> parts.add(table + " " + (parts.isEmpty() ? Plural.of(rows, "row")
                : String.format("%,d", rows))));
        return String.join(", ", parts);
    }

    /**
     * The step of each statement of {@code script}, by its {@code -- step:} markers; a script without them (an older
     * sparkfy-dw-sql) gets a step per table written, named for the table. A setting belongs to no step: it always
     * runs, and a step of settings alone (its work left out) is not announced.
     */
    private List<String> steps(String script, List<SqlStatement> statements) {
        List<ScriptStep> marked = schema.sql().steps(schema.warehouse().dialect(), script);
        List<String> steps = new ArrayList<>();
        for (SqlStatement statement : statements) {
            if (statement.verb().equals("SET")) {
                steps.add(null);
            } else if (!marked.isEmpty()) {
                ScriptStep step = ScriptStep.of(marked, statement);
                steps.add(step == null ? null : step.name());
            } else {
                steps.add(statement.targetTable());
            }
        }
        return steps;
    }

    /** What the transaction did, told once it has committed. */
    private static final class Outcome {
        final List<String> lines = new ArrayList<>();
        final Map<String, Written> written = new LinkedHashMap<>();
        boolean fast;
        boolean merged;
        int statements;
        int scriptStatements;
    }

    /** One star table's statements: the rows each wrote (known at the latest once committed), and their time. */
    private static final class Written {
        final List<LongSupplier> rows = new ArrayList<>();
        long nanos;

        long rows() {
            return rows.stream().mapToLong(LongSupplier::getAsLong).sum();
        }
    }

    /**
     * A warning when staging holds nothing to insert: a run over it succeeds and writes nothing, which would else
     * pass for a transform that found everything already in the star.
     */
    private List<String> emptyStaging(Connection connection) throws SQLException {
        List<String> empty = new ArrayList<>();
        List<StagingTable> staging = schema.sql().declaration().stagingTables();
        for (StagingTable table : staging) {
            if (Catalog.isEmpty(connection, table.table())) {
                empty.add(table.table());
            }
        }
        if (empty.isEmpty()) {
            return List.of();
        }
        String tables = String.join(", ", empty);
        return List.of(empty.size() == staging.size()
                ? "insert-dw: staging is empty (no rows in " + tables + "): nothing was inserted; run load-stg first"
                : "insert-dw: " + tables + " is empty: nothing came from it; fill it with load-stg first");
    }

    /** Builds the star the fast way and says so in {@code outcome}; false when insert-dw merges instead. */
    private boolean fastBuild(Connection connection, Outcome outcome) throws SQLException {
        FullBuildScripts fast = fastBuild();
        if (fast == null) {
            return false;
        }
        String holding = firstWithRows(connection, fast.starTables());
        if (holding != null) {
            schema.log().debug("insert-dw: " + holding + " holds rows: merging staging into the star");
            return false;
        }
        String obstacle = fast.gap() != null ? "the schema's fast build is incomplete (" + fast.gap() + ")"
                : schema.warehouse().fullBuild().obstacle(connection, fast);
        if (obstacle != null) {
            schema.log().info("insert-dw: the star is empty, but " + obstacle + ": merging instead (the same rows,"
                    + " more slowly)");
            return false;
        }
        schema.log().info("insert-dw: the star is empty: building it whole from staging (the fast full build)");
        outcome.fast = true;
        try (StepTimer timer = timers.apply(schema.log(), goal() + ": ")) {
            for (BuiltTable table : schema.warehouse().fullBuild().build(connection, fast, schema.log(), timer)) {
                Written written = outcome.written.computeIfAbsent(table.table(), t -> new Written());
                written.rows.add(table.rows());
                written.nanos += table.nanos();
            }
        }
        return true;
    }

    private void merge(Connection connection, List<String> staging, Set<String> merged, Outcome outcome)
            throws SQLException {
        List<SqlStatement> script = schema.script("insert_dw");
        List<SqlStatement> statements = BatchSteps.toRun(script, staging, merged);
        outcome.merged = true;
        outcome.statements = statements.size();
        outcome.scriptStatements = script.size();
        List<String> steps = steps("insert_dw", statements);
        long total = steps.stream().distinct().filter(s -> s != null).count();
        List<String> star = schema.sql().declaration().starTables();
        try (StepTimer timer = timers.apply(schema.log(), goal() + ": ")) {
            String step = null;
            int number = 0;
            for (int i = 0; i < statements.size(); i++) {
                SqlStatement statement = statements.get(i);
                if (steps.get(i) != null && !steps.get(i).equals(step)) {
                    step = steps.get(i);
                    schema.log().info(String.format("%s: step %d of %d: %s", goal(), ++number, total, step));
                    timer.step(step);
                }
                long started = System.nanoTime();
                LongSupplier rows = statement.execute(connection);
                if (statement.targetTable() == null || !star.contains(statement.targetTable())) {
                    continue; // a setting (SET LOCAL) or the transaction's own temporary tables: no summary
                }
                Written written = outcome.written.computeIfAbsent(statement.targetTable(), t -> new Written());
                if (!statement.verb().equals("DELETE")) {
                    written.rows.add(rows);
                }
                written.nanos += System.nanoTime() - started;
            }
        }
    }

    /** The schema's fast full build for this warehouse's dialect, or null when it declares none. */
    private FullBuildScripts fastBuild() {
        SchemaDeclaration declared = schema.sql().declaration();
        if (declared.fastBuildSessions().isEmpty()) {
            return null;
        }
        List<SqlStatement> prepare = new ArrayList<>();
        declared.fastBuildPrepare().forEach(script -> prepare.addAll(schema.script(script)));
        List<FullBuildScripts.Session> sessions = new ArrayList<>();
        for (String script : declared.fastBuildSessions()) {
            List<SqlStatement> statements = schema.script(script);
            sessions.add(FullBuildScripts.Session.of(script, statements, declared.starTables(),
                    steps(script, statements)));
        }
        return new FullBuildScripts(declared.starTables(), prepare, sessions);
    }

    /**
     * The first star table, in declared order, that holds a row; null when all are empty. One row each at most,
     * stopping at the first: a daily run, whose fact table holds rows, reads no other.
     */
    private static String firstWithRows(Connection connection, List<String> tables) throws SQLException {
        for (String table : tables) {
            if (!Catalog.isEmpty(connection, table)) {
                return table;
            }
        }
        return null;
    }
}
