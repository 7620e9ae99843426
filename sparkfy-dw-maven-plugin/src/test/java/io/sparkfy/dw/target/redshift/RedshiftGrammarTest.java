package io.sparkfy.dw.target.redshift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.check.CheckSettings;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.CopyStatement;
import io.sparkfy.dw.copy.JsonFormat;
import io.sparkfy.dw.copy.LoadLedger;
import io.sparkfy.dw.copy.Reload;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.schema.Migration;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.source.Compression;
import io.sparkfy.dw.source.S3Location;
import io.sparkfy.dw.source.SourceObject;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.WarehouseLock;
import io.sparkfy.dw.target.Warehouses;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.RedshiftStartupProxy;
import io.sparkfy.dw.testing.Sqlfluff;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Redshift statement the plugin ships or generates parses under a third-party Redshift grammar, Debian's
 * sqlfluff ({@code --dialect redshift}): the Redshift migrations, insert_dw, drop_tables, the report's queries,
 * the COPY text with every option, and what the goals really send through the Redshift driver (lock, schema and
 * run history, load ledger, query, info, report), as the start-up proxy records it. Each statement is a file
 * under {@code target/sparkfy-dw-grammar/}; a statement that does not parse fails the test by its origin.
 */
class RedshiftGrammarTest {

    private static final Path OUT = Path.of("target", "sparkfy-dw-grammar");
    private static final String ROLE = "arn:aws:iam::123456789012:role/dwhRole";
    private static final SqlResources SQL = new SqlResources();

    @TempDir
    Path temp;

    @Test
    void everyRedshiftStatementParsesAndAPostgresOnlyFormDoesNot() throws Exception {
        Map<String, String> statements = new LinkedHashMap<>();
        shipped(statements);
        rendered(statements);
        sent(statements);

        // The judge must be able to say no: PostgreSQL-only forms beside them must be refused.
        Map<String, String> postgresOnly = Map.of(
                "postgres-only ON CONFLICT", "INSERT INTO users (user_id) VALUES (1) ON CONFLICT (user_id) DO NOTHING",
                "postgres-only ADD COLUMN IF NOT EXISTS", "ALTER TABLE users ADD COLUMN IF NOT EXISTS x INTEGER");

        Path folder = Files.createDirectories(OUT.toAbsolutePath()).resolve("statements");
        if (Files.exists(folder)) {
            try (var old = Files.list(folder)) {
                for (Path f : (Iterable<Path>) old::iterator) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(folder);
        Map<Path, String> origins = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, String> e : statements.entrySet()) {
            origins.put(write(folder, ++n, e.getKey(), e.getValue()), e.getKey());
        }
        Map<Path, String> negative = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : postgresOnly.entrySet()) {
            negative.put(write(folder, ++n, e.getKey(), e.getValue()), e.getKey());
        }

        Set<Path> bad = Sqlfluff.unparsable(folder, "redshift");

        assertEquals(negative.keySet(), bad.stream().filter(negative::containsKey).collect(Collectors.toSet()),
                "sqlfluff must refuse the PostgreSQL-only forms, or it proves nothing");
        List<String> failures = bad.stream().filter(origins::containsKey)
                .map(f -> origins.get(f) + " (" + f.getFileName() + "):\n" + statements.get(origins.get(f)))
                .toList();
        assertEquals(List.of(), failures, "statements sqlfluff --dialect redshift cannot parse (see "
                + folder + ".log and the files)");
        // Enough of each kind was checked that a collector broken into returning nothing would show.
        assertTrue(statements.keySet().stream().filter(k -> k.startsWith("sent ")).count() >= 20,
                statements.keySet().toString());
        assertTrue(statements.keySet().stream().anyMatch(k -> k.startsWith("sent ") && statements.get(k)
                .startsWith("LOCK ")), statements.keySet().toString());
        assertTrue(statements.size() >= 80, "only " + statements.size() + " statements");
    }

    /** One statement a file; JDBC's parameter markers, no SQL of their own, become literals. */
    private static Path write(Path folder, int n, String origin, String sql) throws Exception {
        String name = String.format("%04d-%s.sql", n, origin.replaceAll("[^A-Za-z0-9]+", "_")
                .replaceAll("^_|_$", ""));
        if (name.length() > 120) {
            name = name.substring(0, 116) + ".sql";
        }
        Path file = folder.resolve(name);
        Files.writeString(file, "-- " + origin.replace('\n', ' ') + "\n" + withLiterals(sql) + ";\n",
                StandardCharsets.UTF_8);
        return file;
    }

    /**
     * {@code ?} (as written) and {@code $n} (as the driver sends them) outside quotes become {@code 0}: a bind
     * parameter is a value, which sqlfluff's grammar has no token for.
     */
    static String withLiterals(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                out.append(c);
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
                out.append(sql, i, end);
                i = end - 1;
            } else if (c == '?') {
                out.append('0');
            } else if (c == '$' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))) {
                out.append('0');
                while (i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))) {
                    i++;
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Test
    void parameterMarkersBecomeLiteralsOnlyOutsideQuotes() {
        assertEquals("SELECT 0 FROM t WHERE a = 0 AND b = '?' AND \"c?\" = 0 -- why?\n",
                withLiterals("SELECT $1 FROM t WHERE a = ? AND b = '?' AND \"c?\" = $12 -- why?\n"));
    }

    // ---- what sparkfy-dw-sql ships for Redshift ----

    private static void shipped(Map<String, String> into) {
        for (Migration migration : SQL.migrations(Dialect.REDSHIFT)) {
            migration.statements().forEach(s -> into.put("shipped " + s.where(), s.sql()));
        }
        for (String script : SQL.declaration().scripts()) {
            SQL.script(Dialect.REDSHIFT, script).forEach(s -> into.put("shipped " + s.where(), s.sql()));
        }
        String index = SQL.text(SqlResources.ROOT + "report/index.txt");
        for (String line : index.split("\\R")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                // One query a file (ReportQuery reads it whole); its comments stay, sqlfluff reads them as such.
                String path = SqlResources.ROOT + "report/" + name;
                into.put("shipped " + path, SQL.text(path).strip().replaceAll(";$", ""));
            }
        }
    }

    // ---- what the renderers generate (the golden texts' option sets) ----

    private static void rendered(Map<String, String> into) {
        Map<String, CopyOptions> options = new LinkedHashMap<>();
        options.put("events", CopyOptions.builder().json(JsonFormat.parse("s3://udacity-dend/log_json_path.json"))
                .timeFormat(TimeFormat.EPOCHMILLISECS).region("us-west-2").iamRole(ROLE).build());
        options.put("auto, default role", CopyOptions.auto());
        options.put("ignorecase, chained roles, gzip", CopyOptions.builder().json(JsonFormat.parse("auto ignorecase"))
                .timeFormat(TimeFormat.EPOCHSECS).region("eu-central-1").maxError(10).compression(Compression.GZIP)
                .iamRole("arn:aws:iam::123456789012:role/a,arn:aws:iam::210987654321:role/b").build());
        options.put("every option", CopyOptions.builder().json(JsonFormat.parse("s3://my-bucket/paths.json"))
                .timeFormat(TimeFormat.time("YYYY-MM-DD HH24:MI:SS")).dateFormat(TimeFormat.date("MM/DD/YYYY"))
                .region("us-east-2").maxError(5).compression(Compression.ZSTD).blanksAsNull(true).emptyAsNull(true)
                .truncateColumns(true).acceptInvChars("^").manifest(true).compUpdate("off").statUpdate("ON")
                .iamRole(ROLE).build());
        options.put("bzip2, ACCEPTINVCHARS backslash", CopyOptions.builder().compression(Compression.BZIP2)
                .acceptInvChars("\\").build());
        options.put("ACCEPTINVCHARS quote", CopyOptions.builder().acceptInvChars("'").build());
        for (Map.Entry<String, CopyOptions> e : options.entrySet()) {
            into.put("rendered COPY " + e.getKey(), CopyStatement.redshift(
                    new StagingSource("staging_events", "s3://my-bucket/log_data/", e.getValue())));
        }
        StagingSource songs = new StagingSource("staging_songs", "s3://udacity-dend/song_data", CopyOptions.auto());
        for (Reload reload : List.of(Reload.NEW, Reload.ALL)) {
            List<String> plan = new RedshiftCopyLoader(null, S3Location.parse("s3://my-bucket/manifests/"))
                    .plan(songs, new LoadLedger("sparkfy_dw_loaded_files", reload));
            for (int i = 0; i < plan.size(); i++) {
                into.put("rendered manifest load plan (reload " + reload + ") " + (i + 1), plan.get(i));
            }
        }
        // Through the Data API the ledger's rows are written by SQL in the load's batch (DataApiCopyLoader).
        for (Reload reload : List.of(Reload.NEW, Reload.ALL)) {
            try (Warehouse dataApi = Warehouses.open(new WarehouseSettings("redshift-data://cluster/dw/dev?secretArn="
                    + "arn:aws:secretsmanager:us-west-2:123456789012:secret:dw-AbC123&region=us-west-2", null, null,
                    null, S3Location.parse("s3://my-bucket/manifests/")), Log.silent())) {
                List<String> plan = dataApi.stagingLoader().plan(songs, new LoadLedger("sparkfy_dw_loaded_files",
                        reload));
                for (int i = 0; i < plan.size(); i++) {
                    into.put("rendered Data API manifest load plan (reload " + reload + ") " + (i + 1), plan.get(i));
                }
            }
        }
        List<String> full = new RedshiftCopyLoader().plan(songs, LoadLedger.none());
        for (int i = 0; i < full.size(); i++) {
            into.put("rendered full reload plan " + (i + 1), full.get(i));
        }
    }

    // ---- what the goals send to Redshift, through the driver and the proxy ----

    private void sent(Map<String, String> into) throws Exception {
        RecordingLog log = new RecordingLog();
        try (EmbeddedWarehouse postgres = new EmbeddedWarehouse(temp.resolve("pgdata"), log)) {
            // The schema deployed in the PostgreSQL dialect (Redshift DDL does not run here), its history made to
            // say what a Redshift deployment would, as RedshiftTargetTest does.
            new Pipeline(postgres.warehouse, SQL, log).createTables(false);
            for (Migration migration : SQL.migrations(Dialect.REDSHIFT)) {
                postgres.execute("UPDATE sparkfy_dw_schema_history SET checksum = " + migration.checksum()
                        + " WHERE version = '" + migration.version() + "'");
            }
            int port;
            try (Connection connection = postgres.warehouse.connect()) {
                port = Integer.parseInt(connection.getMetaData().getURL().replaceAll(".*:(\\d+)/.*", "$1"));
            }
            try (RedshiftStartupProxy proxy = RedshiftStartupProxy.start("localhost", port)) {
                String url = proxy.jdbcUrl("postgres") + "?ssl=false";
                try (Warehouse warehouse = Warehouses.open(new WarehouseSettings(url, "postgres", null, null), log)) {
                    Pipeline pipeline = new Pipeline(warehouse, SQL, log);
                    int before = proxy.statements().size();
                    pipeline.createTables(false);
                    record(into, "create-tables", proxy, before);

                    before = proxy.statements().size();
                    pipeline.insertDw();
                    record(into, "insert-dw", proxy, before);

                    before = proxy.statements().size();
                    // This server is no Redshift: it refuses the COPY, after the lock, the checks and the DELETE.
                    assertThrows(SparkfyException.class, () -> pipeline.loadStaging(List.of(new StagingSource(
                            "staging_songs", "s3://udacity-dend/song_data", CopyOptions.auto()))));
                    record(into, "load-stg", proxy, before);

                    before = proxy.statements().size();
                    // Every shipped check as the check goal wraps it (counted, a sample of its rows), read-only
                    pipeline.check(CheckSettings.builder().failOnError(false).reportsDirectory(temp.resolve("checks"))
                            .build());
                    record(into, "check", proxy, before);
                    assertTrue(into.keySet().stream().filter(k -> k.startsWith("sent by check ")).count() >= 20,
                            "the check goal's statements: " + into.keySet());

                    before = proxy.statements().size();
                    pipeline.query("SELECT level, COUNT(*) FROM songplays GROUP BY level", 10);
                    pipeline.info();
                    pipeline.history(20);
                    pipeline.report(temp.resolve("report"));
                    record(into, "query, info, history, report", proxy, before);
                }
                RedshiftWarehouse redshift = new RedshiftWarehouse(url, "postgres", null);
                ledger(redshift, into, proxy);
                lockTimeout(postgres, redshift, into, proxy);
            }
        }
    }

    /** The ledger's reads and writes of a Redshift load through manifests, on a Redshift connection. */
    private static void ledger(RedshiftWarehouse redshift, Map<String, String> into, RedshiftStartupProxy proxy)
            throws Exception {
        int before = proxy.statements().size();
        SourceObject object = new SourceObject() {
            @Override
            public String name() {
                return "s3://udacity-dend/song_data/A/A/A/TRAAAAW128F429D538.json";
            }

            @Override
            public String relativeName() {
                return "A/A/A/TRAAAAW128F429D538.json";
            }

            @Override
            public long size() {
                return 2;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8));
            }
        };
        try (Connection connection = redshift.connect()) {
            for (Reload reload : List.of(Reload.NEW, Reload.ALL)) {
                LoadLedger ledger = new LoadLedger("sparkfy_dw_loaded_files", reload);
                ledger.held(connection, "staging_songs", "s3://udacity-dend/song_data");
                ledger.record(connection, "staging_songs", "s3://udacity-dend/song_data",
                        new LoadLedger.Batch(List.of(object), 0, Set.of(object.relativeName())),
                        List.of(new LoadLedger.FileLoad(object, 1, 0)));
            }
            connection.rollback();
        }
        record(into, "the load ledger", proxy, before);
    }

    /** A lock wait that ends at its timeout: the statements that end the waiting session too. */
    private static void lockTimeout(EmbeddedWarehouse postgres, RedshiftWarehouse redshift,
                                    Map<String, String> into, RedshiftStartupProxy proxy) throws Exception {
        int before = proxy.statements().size();
        try (Connection other = postgres.warehouse.connect(); Statement statement = other.createStatement()) {
            statement.execute("LOCK " + RedshiftWarehouse.LOCK_TABLE);
            assertThrows(SparkfyException.class,
                    () -> redshift.lock(Duration.ofSeconds(1), "insert-dw", new RecordingLog(), Duration.ZERO));
            other.rollback();
        }
        try (WarehouseLock lock = redshift.lock(Duration.ofSeconds(5), "insert-dw", new RecordingLog())) {
            record(into, "the lock", proxy, before);
        }
    }

    /** The distinct statements the proxy saw since {@code before}, labelled with what sent them. */
    private static void record(Map<String, String> into, String what, RedshiftStartupProxy proxy, int before) {
        List<String> sent = new ArrayList<>(proxy.statements().subList(before, proxy.statements().size()));
        int n = 0;
        for (String sql : sent.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList()) {
            if (!into.containsValue(sql)) {
                into.put("sent by " + what + " " + (++n) + ": " + firstLine(sql), sql);
            }
        }
    }

    private static String firstLine(String sql) {
        String line = sql.lines().findFirst().orElse("");
        return line.length() > 60 ? line.substring(0, 60) : line;
    }
}
