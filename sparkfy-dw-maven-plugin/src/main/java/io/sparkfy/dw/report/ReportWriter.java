package io.sparkfy.dw.report;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.Plural;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.check.CheckResultsFile;
import io.sparkfy.dw.check.LastChecks;
import io.sparkfy.dw.schema.Identifiers;
import io.sparkfy.dw.schema.SqlResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the analysts' report of the warehouse: runs the queries of {@code sparkfy-dw/report/index.txt} (from the
 * SQL artifact, in that order) in one read-only transaction that it rolls back, and writes {@code index.html} (one
 * self-contained page: inline CSS, charts drawn as SVG by an inline script, no external reference of any kind) and
 * {@code report.json} (the raw results) into the output directory.
 *
 * <p>The connection must have no transaction in progress; the writer restores its auto-commit and read-only
 * settings when done, and does not close it.
 */
public final class ReportWriter {

    /** The report's table of the last check results. */
    static final String LAST_CHECKS = "last_checks";

    private static final DateTimeFormatter GENERATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Connection connection;
    private final Log log;
    private final SqlResources sql;
    private Path checkReports;

    public ReportWriter(Connection connection, Log log) {
        this(connection, new SqlResources(), log);
    }

    ReportWriter(Connection connection, Log log, ClassLoader resources) {
        this(connection, new SqlResources(resources), log);
    }

    /** A report of the schema {@code sql} declares, with its queries. */
    public ReportWriter(Connection connection, SqlResources sql, Log log) {
        this.connection = connection;
        this.log = log;
        this.sql = sql;
    }

    /**
     * Also shows the last check results found in {@code folder} (the check goal's {@code check-results.json}), or
     * says there are none; without this call the report has no Checks section.
     */
    public ReportWriter lastChecks(Path folder) {
        this.checkReports = folder;
        return this;
    }

    /** Runs the report's queries and writes index.html and report.json into the directory; returns index.html. */
    public Path write(Path outputDirectory) {
        long started = System.nanoTime();
        Instant generatedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<ReportQuery> queries = ReportQuery.load(sql);
        List<ReportTable> tables = new ArrayList<>();
        String database;
        boolean autoCommit;
        boolean readOnly;
        try {
            autoCommit = connection.getAutoCommit();
            readOnly = connection.isReadOnly();
        } catch (SQLException e) {
            throw new SparkfyException("report: cannot use the connection: " + e.getMessage(), e);
        }
        try {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            DatabaseMetaData meta = connection.getMetaData();
            database = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
            requireTables();
            for (ReportQuery query : queries) {
                tables.add(run(query));
            }
        } catch (SQLException e) {
            throw new SparkfyException("report: " + e.getMessage(), e);
        } finally {
            restore(autoCommit, readOnly);
        }
        warnIfEmpty(tables);
        if (checkReports != null) {
            tables.add(lastChecksTable());
        }
        long queryMillis = (System.nanoTime() - started) / 1_000_000;

        String generated = GENERATED.format(generatedAt);
        String html = ReportHtml.render(tables, generated, database, queryMillis);
        String json = ReportJson.write(json(tables, generatedAt, database)) + "\n";
        Path index = outputDirectory.resolve("index.html");
        try {
            Files.createDirectories(outputDirectory);
            writeAtomically(index, html);
            writeAtomically(outputDirectory.resolve("report.json"), json);
        } catch (IOException e) {
            throw new SparkfyException("report: cannot write " + outputDirectory + ": " + e.getMessage(), e);
        }
        int rows = tables.stream().mapToInt(t -> t.rows().size()).sum();
        log.info(String.format("report: %s, %s in %d ms; wrote %s (%d KiB) and report.json in %.2f s",
                Plural.of(tables.size(), "query", "queries"), Plural.of(rows, "row"), queryMillis, index, (html.getBytes(StandardCharsets.UTF_8).length + 1023) / 1024,
                (System.nanoTime() - started) / 1e9));
        return index;
    }

    /** Fails clearly when a table the report reads does not exist; each probe that fails is rolled back. */
    private void requireTables() throws SQLException {
        List<String> missing = new ArrayList<>();
        List<String> star = sql.declaration().starTables();
        List<String> all = new ArrayList<>(star);
        sql.declaration().stagingTables().forEach(staging -> all.add(staging.table()));
        all.addAll(sql.declaration().historyTables()); // the Loads section reads the run history
        for (String table : all) {
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT 1 FROM " + Identifiers.quote(table) + " WHERE 1 = 0").close();
            } catch (SQLException e) {
                connection.rollback();
                if (!"42P01".equals(e.getSQLState())) {
                    throw new SparkfyException("report: cannot read table " + table + ": " + e.getMessage(), e);
                }
                missing.add(table);
            }
        }
        if (missing.stream().anyMatch(star::contains)) { // a star table missing: no insert-dw yet
            throw new SparkfyException("report: the warehouse has no table " + String.join(", ", missing)
                    + ": run create-tables and insert-dw first");
        }
        if (!missing.isEmpty()) {
            throw new SparkfyException("report: the warehouse has no table " + String.join(", ", missing)
                    + ": run create-tables first");
        }
    }

    private ReportTable run(ReportQuery query) {
        log.debug("report: running " + query.resource());
        long started = System.nanoTime();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query.sql())) {
            ResultSetMetaData meta = result.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(plain(result.getObject(i)));
                }
                rows.add(row);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            log.info(String.format("report: %s: %s in %d ms", query.name(), Plural.of(rows.size(), "row"), millis));
            return new ReportTable(query, List.copyOf(columns), rows, millis);
        } catch (SQLException e) {
            throw new SparkfyException("report: " + query.resource() + " failed: " + e.getMessage(), e);
        }
    }

    /** The last check run as a table of the report: the results file, not the warehouse, holds it. */
    private ReportTable lastChecksTable() {
        Path file = checkReports.resolve(CheckResultsFile.JSON);
        LastChecks last = CheckResultsFile.read(checkReports);
        List<String> columns = List.of("check", "status", "failing_rows", "severity", "description");
        if (last == null) {
            return new ReportTable(new ReportQuery(LAST_CHECKS, file.toString(), "No check results in "
                    + checkReports + ": the check goal has not run in this build folder.", ""), columns, List.of(), 0);
        }
        List<List<Object>> rows = new ArrayList<>();
        for (LastChecks.Row row : last.rows()) {
            String status = "failed".equals(row.status()) || "error".equals(row.status())
                    ? row.status().toUpperCase(java.util.Locale.ROOT) : row.status();
            rows.add(List.of(row.name(), status, row.failingRows(), row.kind(), row.description()));
        }
        log.info("report: the last checks (" + last.counts() + ") from " + file);
        return new ReportTable(new ReportQuery(LAST_CHECKS, file.toString(), "The last run of the check goal, "
                + last.generated() + " on " + last.warehouse() + ": " + last.counts() + ".", ""), columns, rows, 0);
    }

    /** A JDBC value as a plain value: numbers and strings as they are, dates and times as ISO-8601 text. */
    private static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime().toString();
        }
        return value.toString();
    }

    private void warnIfEmpty(List<ReportTable> tables) {
        for (ReportTable table : tables) {
            if (table.query().name().equals("row_counts")) {
                for (List<Object> row : table.rows()) {
                    if (sql.declaration().starTables().contains(String.valueOf(row.get(0))) && ReportTable.asLong(row.get(1)) == 0) {
                        log.warn("report: table " + row.get(0) + " is empty: run load-stg and insert-dw first");
                    }
                }
            }
        }
    }

    private static Map<String, Object> json(List<ReportTable> tables, Instant generatedAt, String database) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("generated", generatedAt.toString());
        root.put("database", database);
        for (ReportTable table : tables) {
            if (table.query().name().equals("row_counts")) {
                Map<String, Object> counts = new LinkedHashMap<>();
                table.rows().forEach(row -> counts.put(String.valueOf(row.get(0)), row.get(1)));
                root.put("row_counts", counts);
            }
        }
        // The Loads section's queries as objects: freshness's one row, and the runs and days as lists of rows.
        Map<String, Object> loads = new LinkedHashMap<>();
        for (ReportTable table : tables) {
            ReportHtml.Section section = ReportHtml.SECTIONS.get(table.query().name());
            if (section != null && ReportHtml.LOADS.equals(section.group())) {
                List<Object> rows = new ArrayList<>();
                for (List<Object> row : table.rows()) {
                    Map<String, Object> object = new LinkedHashMap<>();
                    for (int i = 0; i < table.columns().size(); i++) {
                        object.put(table.columns().get(i), row.get(i));
                    }
                    rows.add(object);
                }
                loads.put(table.query().name(), table.rows().size() == 1 && table.query().name().equals("freshness")
                        ? rows.get(0) : rows);
            }
        }
        if (!loads.isEmpty()) {
            root.put("loads", loads);
        }
        List<Object> queries = new ArrayList<>();
        for (ReportTable table : tables) {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("name", table.query().name());
            query.put("resource", table.query().resource());
            query.put("description", table.query().description());
            query.put("millis", table.millis());
            query.put("columns", table.columns());
            query.put("rows", table.rows());
            queries.add(query);
        }
        root.put("queries", queries);
        return root;
    }

    private void restore(boolean autoCommit, boolean readOnly) {
        try {
            connection.rollback();
            connection.setReadOnly(readOnly);
            connection.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            log.warn("report: could not restore the connection's settings: " + e.getMessage());
        }
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
