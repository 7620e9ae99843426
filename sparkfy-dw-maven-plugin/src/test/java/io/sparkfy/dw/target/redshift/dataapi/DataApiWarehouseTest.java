package io.sparkfy.dw.target.redshift.dataapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.check.CheckReport;
import io.sparkfy.dw.check.CheckSettings;
import io.sparkfy.dw.check.CheckStatus;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.CopyStatement;
import io.sparkfy.dw.copy.JsonFormat;
import io.sparkfy.dw.copy.LoadLedger;
import io.sparkfy.dw.copy.Reload;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.job.QueryResult;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.schema.Migration;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.schema.SqlStatement;
import io.sparkfy.dw.settings.IamSignIn;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.source.S3Location;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.WarehouseLock;
import io.sparkfy.dw.target.Warehouses;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.FakeRedshiftDataApi;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.SampleData;
import io.sparkfy.dw.testing.Waits;
import io.sparkfy.dw.testing.Sqlfluff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every goal end to end through the Data API: the real SDK v2 {@code redshiftdata} client, through its endpoint
 * override, to an in-process fake Data API that runs the statements on the embedded PostgreSQL. The SQL is the
 * Redshift dialect's (the fake only rewrites the table attributes PostgreSQL lacks), so Redshift's COPY from S3
 * reaches the fake and is refused there, as through the JDBC proxy. The clock is the test's: polling waits move it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataApiWarehouseTest {

    private static final String SECRET_ARN = "arn:aws:secretsmanager:us-west-2:123456789012:secret:sparkfy-dw-AbC123";
    private static final String ROLE = "arn:aws:iam::123456789012:role/dwhRole";

    @TempDir
    static Path temp;
    static EmbeddedWarehouse postgres;
    static FakeRedshiftDataApi api;
    static TestClock clock = new TestClock();
    static RecordingLog log = new RecordingLog();
    static DataApiWarehouse warehouse;
    static String url;

    /** A clock that only the waits move: polling never sleeps. */
    static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-03-01T06:00:00Z");

        synchronized void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        postgres = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog());
        String jdbc;
        try (Connection connection = postgres.warehouse.connect()) {
            jdbc = connection.getMetaData().getURL();
        }
        api = new FakeRedshiftDataApi(jdbc, "postgres");
        System.setProperty("aws.accessKeyId", "AKIADATAAPITEST0001");
        System.setProperty("aws.secretAccessKey", "dataApi/Secret+KeyThatMustNeverShow");
        url = "redshift-data://cluster/sparkfy-dw/postgres?secretArn=" + SECRET_ARN + "&region=us-west-2&endpoint="
                + api.endpoint();
        warehouse = open(url);
    }

    static DataApiWarehouse open(String url) {
        return new DataApiWarehouse(url, DataApiUrl.parse(url, null), DataApiWarehouse::client, clock,
                clock::advance, log);
    }

    @AfterAll
    static void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        warehouse.close();
        api.close();
        postgres.close();
    }

    private static Pipeline pipeline() {
        return Pipeline.builder(log).on(warehouse);
    }

    @Test
    @Order(1)
    void createTablesDeploysTheRedshiftSchemaOneBatchPerMigration() {
        int batches = api.batches().size();
        pipeline().createTables(false);

        assertEquals(0, postgres.count("songplays"));
        assertEquals(new SqlResources().migrations(Dialect.REDSHIFT).size(),
                postgres.count("sparkfy_dw_schema_history"));
        for (Migration migration : new SqlResources().migrations(Dialect.REDSHIFT)) {
            assertEquals(migration.checksum(), postgres.longValue("SELECT checksum FROM sparkfy_dw_schema_history"
                    + " WHERE version = '" + migration.version() + "'"), migration.script());
            // each migration, with its history row, is one BatchExecuteStatement
            List<String> first = migration.statements().stream().map(SqlStatement::sql).toList();
            assertTrue(api.batches().stream().anyMatch(b -> b.size() == first.size() + 1
                    && b.subList(0, first.size()).equals(first)), migration.script() + " not sent as one batch");
        }
        assertTrue(api.batches().size() > batches);
        assertTrue(api.requests("ExecuteStatement").stream().allMatch(r -> SECRET_ARN.equals(r.get("SecretArn"))
                && "sparkfy-dw".equals(r.get("ClusterIdentifier")) && "postgres".equals(r.get("Database"))));
        assertEquals(1, postgres.count("sparkfy_dw_runs WHERE goal = 'create-tables' AND status = 'success'"));
        assertEquals(0, postgres.count("sparkfy_dw_lease"), "the lease is released when the goal ends");
    }

    @Test
    @Order(2)
    void loadStgsCopyReachesTheFakeAndIsRefusedLeavingEverythingAsItWas() {
        Map<String, Long> before = postgres.counts();
        List<StagingSource> s3 = List.of(new StagingSource("staging_events", "s3://udacity-dend/log_data",
                CopyOptions.builder().json(JsonFormat.parse("s3://udacity-dend/log_json_path.json"))
                        .timeFormat(TimeFormat.EPOCHMILLISECS).iamRole(ROLE).build()));
        SparkfyException e = assertThrows(SparkfyException.class, () -> pipeline().loadStaging(s3));

        assertEquals("staging_events: the COPY failed on Redshift, staging is unchanged: syntax error at or near"
                + " \"IAM_ROLE\"", e.getMessage().replaceAll("\\s*Position: \\d+$", ""));
        List<String> batch = api.batches().stream().filter(b -> b.size() > 1 && b.get(1).startsWith("COPY"))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no batch with the COPY"));
        assertEquals("DELETE FROM \"staging_events\"", batch.get(0));
        assertTrue(batch.get(1).startsWith("COPY \"staging_events\"\nFROM 's3://udacity-dend/log_data'"), batch.get(1));
        assertEquals(before, postgres.counts(), "nothing changed");
        assertEquals(1, postgres.count("sparkfy_dw_runs WHERE goal = 'load-stg' AND status = 'failed'"
                + " AND error LIKE 'staging_events: the COPY failed on Redshift%'"));
    }

    /** A transaction stays one: past AWS's 40 statements a batch is refused whole, never split into several. */
    @Test
    @Order(3)
    void aTransactionOverTheBatchLimitIsRefusedWholeWithNothingSent() {
        Map<String, Long> before = postgres.counts();
        int batches = api.batches().size();
        List<StagingSource> many = new java.util.ArrayList<>();
        for (int i = 0; i < 11; i++) { // a DELETE, a COPY and their staging state each: 44 statements
            many.add(new StagingSource("staging_events", "s3://udacity-dend/log_data/part-" + i,
                    CopyOptions.builder().json(JsonFormat.parse("s3://udacity-dend/log_json_path.json"))
                            .timeFormat(TimeFormat.EPOCHMILLISECS).iamRole(ROLE).build()));
        }
        SparkfyException e = assertThrows(SparkfyException.class, () -> pipeline().loadStaging(many));

        assertEquals("load-stg failed, nothing was changed: this transaction has 44 statements and the Data API runs"
                + " at most 40 as one (BatchExecuteStatement), so none was sent (a jdbc:redshift: URL has no such"
                + " limit; for load-stg, fewer staging sources per run)", e.getMessage());
        List<List<String>> sent = api.batches().subList(batches, api.batches().size());
        assertTrue(sent.stream().flatMap(List::stream).noneMatch(sql -> sql.contains("part-")),
                "no part of the transaction was sent: " + sent);
        assertEquals(before, postgres.counts(), "nothing changed");
        assertEquals(1, postgres.count("sparkfy_dw_runs WHERE goal = 'load-stg' AND status = 'failed'"
                + " AND error LIKE '%: this transaction has 44 statements%'"));
    }

    @Test
    @Order(4)
    void insertDwRunsAsOneBatchWithTheFoundationCountsAndIsIdempotent() throws Exception {
        fillStagingTheEmbeddedWay();
        pipeline().insertDw();

        assertEquals(6820, postgres.count("songplays"));
        assertEquals(97, postgres.count("users"));
        assertEquals(71, postgres.count("songs"));
        assertEquals(69, postgres.count("artists"));
        assertEquals(6813, postgres.count("time"));
        // Into the empty star, the fast full build: its scripts in the goal's one batch
        for (String script : List.of("fast_build_staging", "fast_build_plays", "fast_build_users")) {
            List<String> statements = sqlOf(script);
            assertTrue(api.batches().stream().anyMatch(b -> Collections.indexOfSubList(b, statements) >= 0),
                    script + "'s statements went in one batch");
        }
        assertTrue(log.text().contains("songplays: 6,820 rows written, 6,820 in total"), log.text());
        String holds = "the star holds in total, from every load so far: songplays 6,820 rows, users 97, songs 71,"
                + " artists 69, time 6,813";
        assertTrue(log.text().contains("rows written into 8 tables; " + holds), log.text());
        String rows = postgres.string("SELECT row_count FROM sparkfy_dw_run_tables t JOIN sparkfy_dw_runs r"
                + " ON r.run_id = t.run_id WHERE r.goal = 'insert-dw' AND t.table_name = 'songplays'");
        assertEquals("6820", rows, "the run history holds the batch's counts");

        // Staging filled behind the plugin's back has no staging state: the star holds rows, so insert-dw merges
        pipeline().insertDw();
        assertEquals(6820, postgres.count("songplays"));
        assertEquals(6813, postgres.count("time"));
        List<String> merge = sqlOf("insert_dw");
        assertTrue(api.batches().stream().anyMatch(b -> Collections.indexOfSubList(b, merge) == 0),
                "the merge's statements went as one batch");
        assertTrue(log.text().contains("songplays: 0 rows written, in"), log.text());
        assertTrue(log.text().contains("insert-dw: nothing new was written; " + holds), log.text()); // counted
    }

    private static List<String> sqlOf(String script) {
        return new SqlResources().script(Dialect.REDSHIFT, script).stream().map(SqlStatement::sql).toList();
    }

    private static void fillStagingTheEmbeddedWay() throws SQLException {
        Path sample = SampleData.udacitySmall();
        try (Connection connection = postgres.warehouse.connect()) {
            postgres.warehouse.stagingLoader().load(connection, List.of(
                    new StagingSource("staging_events", sample.resolve("log_data").toString(), CopyOptions.jsonPaths(
                            "classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS)),
                    new StagingSource("staging_songs", sample.resolve("song_data").toString(), CopyOptions.auto())),
                    LoadLedger.none(), new RecordingLog());
            connection.commit();
        }
        postgres.execute("ANALYZE"); // the planner's statistics, as Redshift's COPY keeps them (STATUPDATE)
    }

    @Test
    @Order(5)
    void queryInfoHistoryAndReportReadThroughGetStatementResultPageByPage() throws Exception {
        api.pageSize(2);
        int pages = api.requests("GetStatementResult").size();
        QueryResult levels = pipeline().query("SELECT level, count(*) AS plays FROM songplays GROUP BY level"
                + " ORDER BY level", 10);
        assertEquals(List.of("level", "plays"), levels.header());
        assertEquals(List.of(List.of("free", postgres.string("SELECT count(*) FROM songplays WHERE level = 'free'")),
                List.of("paid", postgres.string("SELECT count(*) FROM songplays WHERE level = 'paid'"))), levels.rows());

        QueryResult info = pipeline().info();
        assertEquals(new SqlResources().migrations(Dialect.REDSHIFT).size(), info.rows().size());
        assertTrue(info.rows().stream().allMatch(r -> r.get(3).equals("Success")), info.rows().toString());
        assertTrue(api.requests("GetStatementResult").stream().skip(pages).anyMatch(r -> r.get("NextToken") != null),
                "results were read over several pages");

        QueryResult history = pipeline().history(10);
        List<String> newest = history.rows().get(0);
        assertEquals("insert-dw", newest.get(1));
        assertEquals("success", newest.get(2));
        assertTrue(newest.get(5).contains("songplays=0"), newest.toString());
        assertTrue(history.rows().stream().anyMatch(r -> r.get(1).equals("load-stg") && r.get(2).equals("failed")));

        Path report = pipeline().report(temp.resolve("report"));
        assertTrue(Files.readString(report).contains("songplays"));
        String json = Files.readString(temp.resolve("report/report.json"));
        assertTrue(json.contains("\"songplays\":6820"), json.substring(0, Math.min(400, json.length())));

        // The check goal: every shipped check's query read through the Data API, none of them failing to run
        int executed = api.requests("ExecuteStatement").size();
        CheckReport checks = pipeline().check(CheckSettings.builder().failOnError(false)
                .reportsDirectory(temp.resolve("checks")).build());
        assertTrue(checks.results().size() >= 22, checks.counts());
        assertEquals(0, checks.count(CheckStatus.ERROR), checks.counts());
        assertEquals(CheckStatus.PASSED, checks.results().stream().filter(r -> r.check().name()
                .equals("songplays_key_unique")).findFirst().orElseThrow().status());
        assertTrue(api.requests("ExecuteStatement").size() - executed >= checks.results().size(),
                "each check is a statement of its own");
        api.pageSize(1000);
    }

    @Test
    @Order(6)
    void aFailedBatchSaysWhichStatementAndChangesNothingThenDropTablesDropsEverything() {
        postgres.execute("ALTER TABLE time RENAME TO time_moved"); // insert-dw's INSERT INTO time now fails
        Map<String, Long> songplays = Map.of("songplays", postgres.count("songplays"));
        SparkfyException e;
        try {
            e = assertThrows(SparkfyException.class, () -> pipeline().insertDw());
        } finally {
            postgres.execute("ALTER TABLE time_moved RENAME TO time");
        }
        assertTrue(e.getMessage().matches("insert-dw failed, nothing was changed: statement \\d+ of \\d+ \\(INSERT"
                + " INTO time .*\\) failed: relation \"time\" does not exist.*"), e.getMessage());
        assertEquals(songplays, Map.of("songplays", postgres.count("songplays")));
        assertEquals(1, postgres.count("sparkfy_dw_runs WHERE goal = 'insert-dw' AND status = 'failed'"));

        pipeline().dropTables();
        assertEquals(0, postgres.count("information_schema.tables WHERE table_name IN ('songplays',"
                + " 'staging_events', 'sparkfy_dw_schema_history', 'sparkfy_dw_runs')"));
        assertTrue(log.text().contains("songplays: dropped, 6,820 rows"), log.text());
        assertEquals(0, postgres.count("sparkfy_dw_lease"), "every goal released its lease");
    }

    /** What the Data API path generates itself (the lease, inlined literals, the batched runs) is Redshift SQL too. */
    @Test
    @Order(Integer.MAX_VALUE) // last: what every other test sent
    void everyStatementSentThroughTheDataApiParsesUnderTheRedshiftGrammar() throws Exception {
        java.util.Set<String> sent = new java.util.LinkedHashSet<>();
        api.requests("ExecuteStatement").forEach(r -> sent.add(((String) r.get("Sql")).strip()));
        api.batches().forEach(b -> b.forEach(sql -> sent.add(sql.strip())));
        assertTrue(sent.stream().anyMatch(sql -> sql.contains("sparkfy_dw_lease")), "no lease statement: " + sent);
        assertTrue(sent.stream().anyMatch(sql -> sql.startsWith("INSERT INTO sparkfy_dw_runs")), "no run: " + sent);
        Path folder = Files.createDirectories(Path.of("target", "sparkfy-dw-grammar", "dataapi"));
        try (var old = Files.list(folder)) {
            for (Path file : (Iterable<Path>) old::iterator) {
                Files.delete(file);
            }
        }
        Map<Path, String> files = new java.util.LinkedHashMap<>();
        int n = 0;
        for (String sql : sent) {
            Path file = folder.resolve(String.format("%04d.sql", ++n));
            Files.writeString(file, sql + ";\n");
            files.put(file, sql);
        }
        List<String> bad = Sqlfluff.unparsable(folder, "redshift").stream().map(files::get).toList();
        assertEquals(List.of(), bad, "sent through the Data API, not Redshift SQL by sqlfluff's grammar");
    }

    @Test
    void aLongStatementIsPolledWithProgressOnTheInjectedClock() {
        api.pollsBeforeDone(12);
        Instant before = clock.instant();
        try {
            QueryResult one = pipeline().query("SELECT 1 AS one", 1);
            assertEquals(List.of(List.of("1")), one.rows());
        } finally {
            api.pollsBeforeDone(0);
        }
        Duration waited = Duration.between(before, clock.instant());
        assertTrue(waited.compareTo(Duration.ofSeconds(10)) > 0, "waited " + waited);
        assertTrue(log.text().contains("Data API: the query on redshift-data://cluster/sparkfy-dw/postgres, started,"
                + " running for "), log.text());
    }

    @Test
    void aFailedQueryIsOneClearLine() {
        SparkfyException e = assertThrows(SparkfyException.class,
                () -> pipeline().query("SELECT * FROM no_such_table", 1));
        assertEquals("the query failed: relation \"no_such_table\" does not exist",
                e.getMessage().replaceAll("\\s*Position: \\d+$", ""));
    }

    @Test
    void valuesAreInlinedAsRedshiftLiteralsAndReadBackUnchanged() throws Exception {
        postgres.execute("CREATE TABLE IF NOT EXISTS literals (id INTEGER, text VARCHAR(100), at TIMESTAMP, ok BOOLEAN)");
        String tricky = "it's a \\ back\\slash, a '' pair and a ? mark";
        try (Connection connection = warehouse.connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO literals VALUES (?, ?, ?, ?)")) {
            insert.setInt(1, 7);
            insert.setString(2, tricky);
            insert.setTimestamp(3, java.sql.Timestamp.valueOf("2018-11-01 21:01:46.796"));
            insert.setBoolean(4, true);
            insert.executeUpdate();
            SQLException early = assertThrows(SQLException.class, () -> {
                try (Statement read = connection.createStatement()) {
                    read.executeQuery("SELECT count(*) FROM literals");
                }
            });
            assertTrue(early.getMessage().startsWith("through the Data API a transaction's writes run as one batch"),
                    early.getMessage());
            connection.commit();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT text, at, ok FROM literals WHERE id = ? AND text = ?")) {
                select.setLong(1, 7);
                select.setString(2, tricky);
                try (ResultSet rs = select.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(tricky, rs.getString(1));
                    assertEquals(java.sql.Timestamp.valueOf("2018-11-01 21:01:46.796"), rs.getTimestamp(2));
                    assertTrue(rs.getBoolean(3));
                    assertFalse(rs.next());
                }
            }
        }
        assertEquals(tricky, postgres.string("SELECT text FROM literals WHERE id = 7"));
    }

    @Test
    void aWorkgroupUrlNamesTheWorkgroupAndSignsInWithIam() {
        String workgroup = "redshift-data://workgroup/sparkfy-wg/postgres?region=us-west-2&endpoint=" + api.endpoint();
        int before = api.requests("ExecuteStatement").size();
        DataApiWarehouse serverless = open(workgroup);
        try {
            assertEquals(List.of(List.of("1")), Pipeline.builder(log).on(serverless).query("SELECT 1", 1).rows());
        } finally {
            serverless.close();
        }
        FakeRedshiftDataApi.Request request = api.requests("ExecuteStatement").get(before);
        assertEquals("sparkfy-wg", request.get("WorkgroupName"));
        assertEquals(null, request.get("ClusterIdentifier"));
        assertEquals(null, request.get("SecretArn"));
        assertTrue(serverless.description().endsWith("(IAM, as the IAM identity)"), serverless.description());
    }

    @Test
    void theServiceLoaderPicksTheDataApiForItsUrlsAndRefusesAPassword() {
        try (Warehouse picked = Warehouses.open(new WarehouseSettings(url, null, null, null), log)) {
            assertTrue(picked instanceof DataApiWarehouse, picked.getClass().getName());
            assertTrue(picked.batchesWrites());
        }
        SparkfyException e = assertThrows(SparkfyException.class,
                () -> Warehouses.open(new WarehouseSettings(url, "u", "Not-Used-Pw1", null), log));
        assertTrue(e.getMessage().contains("no password is used"), e.getMessage());
        assertFalse(e.getMessage().contains("Not-Used-Pw1"));
    }

    /** With a manifest prefix the Data API's loads give Redshift only the new objects (DataApiManifestLoadTest). */
    @Test
    void aManifestPrefixReachesTheDataApisLoader() {
        StagingSource songs = new StagingSource("staging_songs", "s3://udacity-dend/song_data",
                CopyOptions.builder().iamRole(ROLE).build());
        LoadLedger ledger = new LoadLedger("sparkfy_dw_loaded_files", Reload.NEW);
        try (Warehouse picked = Warehouses.open(new WarehouseSettings(url, null, null, null,
                S3Location.parse("s3://dw-manifests/loads/")), log)) {
            assertTrue(String.join("\n", picked.stagingLoader().plan(songs, ledger)).contains("FROM"
                    + " 's3://dw-manifests/loads/staging_songs-" + ledger.runId() + ".manifest'"));
        }
        try (Warehouse picked = Warehouses.open(new WarehouseSettings(url, null, null, null), log)) {
            assertEquals(List.of("DELETE FROM \"staging_songs\"", CopyStatement.redshift(songs)),
                    picked.stagingLoader().plan(songs, ledger), "without one, a full reload");
        }
    }

    /** IAM to a cluster as a database user: the URL's dbUser, else sparkfy.dbUser, else sparkfy.user, as DbUser. */
    @Test
    void aClusterUrlWithADatabaseUserSendsItAsDbUserOnEveryCall() {
        String iam = "redshift-data://cluster/sparkfy-dw/postgres?dbUser=loader&region=us-west-2&endpoint="
                + api.endpoint();
        int executed = api.requests("ExecuteStatement").size();
        int batched = api.requests("BatchExecuteStatement").size();
        DataApiWarehouse asLoader = open(iam);
        try {
            assertEquals(List.of(List.of("1")), Pipeline.builder(log).on(asLoader).query("SELECT 1", 1).rows());
            asLoader.lock(Duration.ZERO, "create-tables", log).close(); // the lease: a batch, and its release
        } finally {
            asLoader.close();
        }
        List<FakeRedshiftDataApi.Request> calls = new java.util.ArrayList<>();
        calls.addAll(api.requests("ExecuteStatement").subList(executed, api.requests("ExecuteStatement").size()));
        calls.addAll(api.requests("BatchExecuteStatement").subList(batched,
                api.requests("BatchExecuteStatement").size()));
        assertTrue(calls.size() >= 3, calls.toString());
        for (FakeRedshiftDataApi.Request call : calls) {
            assertEquals("loader", call.get("DbUser"), call.toString());
            assertEquals("sparkfy-dw", call.get("ClusterIdentifier"));
            assertEquals(null, call.get("SecretArn"));
        }
        assertTrue(asLoader.description().endsWith("(IAM, as database user loader)"), asLoader.description());

        String plain = "redshift-data://cluster/sparkfy-dw/postgres?region=us-west-2&endpoint=" + api.endpoint();
        assertEquals("etl", dbUserSent(new WarehouseSettings(plain, "dwh", null, null)
                .withIam(new IamSignIn("etl", null, List.of()))));
        assertEquals("dwh", dbUserSent(new WarehouseSettings(plain, "dwh", null, null)));
        assertEquals(null, dbUserSent(new WarehouseSettings(plain, null, null, null)), "as the IAM identity");

        // With a secret, or to a workgroup, sparkfy.dbUser would do nothing: refused rather than ignored
        SparkfyException e = assertThrows(SparkfyException.class, () -> Warehouses.open(new WarehouseSettings(url,
                null, null, null).withIam(new IamSignIn("etl", null, List.of())), log));
        assertEquals("sparkfy.dbUser is for IAM sign-in to a cluster; with secretArn the secret names its own user:"
                + " unset it", e.getMessage());
    }

    private static Object dbUserSent(WarehouseSettings settings) {
        int before = api.requests("ExecuteStatement").size();
        try (Warehouse picked = Warehouses.open(settings, log)) {
            Pipeline.builder(log).on(picked).query("SELECT 1", 1);
        }
        return api.requests("ExecuteStatement").get(before).get("DbUser");
    }

    /** AWS refusing a call: one line naming the call, the target and AWS's error, no ARN of the secret, no key. */
    @Test
    void aCallAwsRefusesIsOneLineNamingItWithoutTheSecretArnOrCredentials() throws Exception {
        api.failNext("ExecuteStatement", "AccessDeniedException", "User: arn:aws:iam::123456789012:user/ci is not"
                + " authorized to perform: secretsmanager:GetSecretValue on resource: " + SECRET_ARN
                + " (access key AKIADATAAPITEST0001)");
        SparkfyException denied = assertThrows(SparkfyException.class, () -> pipeline().query("SELECT 1", 1));
        assertEquals("the query failed: the Data API refused ExecuteStatement on"
                + " redshift-data://cluster/sparkfy-dw/postgres (the secret of secretArn): AccessDeniedException:"
                + " User: arn:aws:iam::123456789012:user/ci is not authorized to perform:"
                + " secretsmanager:GetSecretValue on resource: <secretArn> (access key ****)", denied.getMessage());
        assertNothingSecret(denied);

        api.failNext("BatchExecuteStatement", "ValidationException", "Redshift endpoint doesn't exist in this"
                + " region.");
        SparkfyException invalid = assertThrows(SparkfyException.class, () -> pipeline().createTables(false));
        assertEquals("create-tables: cannot take the warehouse lock: the Data API refused BatchExecuteStatement on"
                + " redshift-data://cluster/sparkfy-dw/postgres (the secret of secretArn): ValidationException:"
                + " Redshift endpoint doesn't exist in this region.", invalid.getMessage());
        assertNothingSecret(invalid);

        // A read whose poll is refused changed nothing; a transaction's may have committed, and the goal says so
        api.failNext("DescribeStatement", "ResourceNotFoundException", "Query does not exist.");
        SparkfyException read = assertThrows(SparkfyException.class, () -> pipeline().query("SELECT 1", 1));
        assertEquals("the query failed: the Data API refused DescribeStatement on"
                + " redshift-data://cluster/sparkfy-dw/postgres (the secret of secretArn): ResourceNotFoundException:"
                + " Query does not exist.", read.getMessage());
        api.failNext("DescribeStatement", "ResourceNotFoundException", "Query does not exist.");
        SparkfyException write = assertThrows(SparkfyException.class, () -> pipeline().createTables(false));
        assertTrue(write.getMessage().matches("the Data API refused DescribeStatement on"
                + " redshift-data://cluster/sparkfy-dw/postgres \\(the secret of secretArn\\):"
                + " ResourceNotFoundException: Query does not exist\\.; a transaction of 3 statements was sent as"
                + " statement [0-9a-f-]{36} and may have committed: see it in the Redshift console's query history"
                + " before running again"), write.getMessage());
        assertNothingSecret(write);
        assertEquals(0, postgres.count("sparkfy_dw_lease"), "the lease that may have been taken is freed");

        // Never reaching AWS at all (nothing listens there) is told apart from AWS refusing
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        DataApiWarehouse unreachable = open("redshift-data://cluster/sparkfy-dw/postgres?secretArn=" + SECRET_ARN
                + "&region=us-west-2&endpoint=http://127.0.0.1:" + closed);
        try {
            SparkfyException e = assertThrows(SparkfyException.class,
                    () -> Pipeline.builder(log).on(unreachable).query("SELECT 1", 1));
            assertTrue(e.getMessage().startsWith("the query failed: cannot call the Data API (ExecuteStatement) for"
                    + " redshift-data://cluster/sparkfy-dw/postgres (the secret of secretArn): "), e.getMessage());
            assertNothingSecret(e);
        } finally {
            unreachable.close();
        }
    }

    private static void assertNothingSecret(Throwable e) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            for (String secret : List.of(SECRET_ARN, "AKIADATAAPITEST0001", "dataApi/Secret+KeyThatMustNeverShow")) {
                assertFalse(message.contains(secret), t.getClass().getName() + ": " + message);
            }
        }
    }

    /** Another build holding the warehouse: a warehouse object of its own, as another build's would be. */
    private static final class OtherBuild implements AutoCloseable {
        final DataApiWarehouse warehouse = open(url);
        final WarehouseLock lease = warehouse.lock(Duration.ZERO, "insert-dw", log);
        boolean closed;

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                try {
                    lease.close();
                } finally {
                    warehouse.close();
                }
            }
        }
    }

    @Test
    void aGoalWaitsForAnotherBuildsLeaseThenGoes() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        RecordingLog lines = new RecordingLog();
        Log goalLog = RecordingLog.watching(lines, message -> {
            if (message.equals(WarehouseLock.waiting("create-tables", Duration.ofSeconds(Waits.GUARD_SECONDS)))) {
                waiting.countDown();
            }
        });
        Throwable[] failed = new Throwable[1];
        try (OtherBuild other = new OtherBuild()) {
            Thread goal = new Thread(() -> {
                try {
                    Pipeline.builder(goalLog).lockTimeout(Duration.ofSeconds(Waits.GUARD_SECONDS)).on(warehouse)
                            .createTables(false);
                } catch (Throwable t) {
                    failed[0] = t;
                }
            });
            goal.start();
            try {
                Waits.await(waiting, "the goal waits for the other build's lease: " + lines.text());
            } finally {
                other.close(); // the other build is done
            }
            Waits.join(goal, "the goal went on once the lease was free");
        }
        assertEquals(null, failed[0]);
        assertTrue(lines.lines.contains("INFO " + WarehouseLock.free("create-tables")), lines.text());
        assertTrue(lines.text().contains("create-tables done on"), lines.text());
        assertEquals(0, postgres.count("sparkfy_dw_lease"));
    }

    @Test
    void aLeaseHeldPastTheTimeoutFailsTheGoalClearlyNamingTheHolder() {
        pipeline().createTables(false); // the schema, where a run would be recorded
        long runs = postgres.count("sparkfy_dw_runs WHERE goal = 'create-tables'");
        int from = log.lines.size();
        try (OtherBuild other = new OtherBuild()) {
            SparkfyException e = assertThrows(SparkfyException.class,
                    () -> Pipeline.builder(log).lockTimeout(Duration.ZERO).on(warehouse).createTables(false));
            assertEquals(WarehouseLock.heldTooLong("create-tables", Duration.ZERO, null).getMessage(), e.getMessage());
            List<String> said = log.lines.subList(from, log.lines.size());
            assertTrue(said.stream().anyMatch(line -> line.startsWith("DEBUG create-tables: the warehouse lease is"
                    + " held by insert-dw by ")), said.toString());
            assertEquals(1, postgres.count("sparkfy_dw_lease WHERE holder LIKE 'insert-dw by %'"), "left as it was");
        }
        assertEquals(runs, postgres.count("sparkfy_dw_runs WHERE goal = 'create-tables'"), "it never started");
    }

    @Test
    void anExpiredLeaseOfABuildThatDiedIsTakenOver() {
        try (OtherBuild died = new OtherBuild()) {
            clock.advance(DataApiLease.TTL.plusMinutes(1));
            Pipeline.builder(log).lockTimeout(Duration.ZERO).on(warehouse).createTables(false);
            assertEquals(0, postgres.count("sparkfy_dw_lease"), "the expired lease was taken over, then released");
        }
    }

    /** A read of create-tables that the tests make slow: each of its polls waits as long as the test says. */
    private static final String SLOW_READ = "table_name = 'songplays'";

    /** A warehouse whose polls each wait {@code pause} of the test's clock, then run {@code meanwhile}. */
    private static DataApiWarehouse polling(Duration pause, Runnable meanwhile) {
        return new DataApiWarehouse(url, DataApiUrl.parse(url, null), DataApiWarehouse::client, clock, waited -> {
            clock.advance(pause);
            meanwhile.run();
        }, log);
    }

    /** create-tables on {@code slow}, its slow read polled 20 times (200 minutes at 10 a poll); closes {@code slow}. */
    private static void createTablesSlowly(DataApiWarehouse slow, Log log) {
        api.slow(SLOW_READ, 20);
        try {
            Pipeline.builder(log).lockTimeout(Duration.ZERO).on(slow).createTables(false);
        } finally {
            api.slow(null, 0);
            slow.close();
        }
    }

    /** 200 minutes of polls, past the lease's 2 hours: renewed as it goes, no other build can take it over. */
    @Test
    void aGoalLongerThanTheLeaseRenewsItSoAnotherBuildCannotTakeItOver() {
        Instant taken = clock.instant();
        List<String> tries = new java.util.ArrayList<>();
        DataApiWarehouse other = open(url);
        DataApiWarehouse slow = polling(Duration.ofMinutes(10), () -> {
            if (tries.isEmpty() && clock.instant().isAfter(taken.plus(DataApiLease.TTL).plus(Duration.ofMinutes(20)))) {
                try (WarehouseLock lock = other.lock(Duration.ZERO, "load-stg", log)) {
                    tries.add("another build took the warehouse over");
                } catch (SparkfyException e) {
                    tries.add(e.getMessage());
                }
            }
        });
        int batches = api.batches().size();
        try {
            createTablesSlowly(slow, log);
        } finally {
            other.close();
        }
        assertEquals(List.of(WarehouseLock.heldTooLong("load-stg", Duration.ZERO, null).getMessage()), tries);
        long renewals = api.batches().stream().skip(batches)
                .filter(b -> b.get(0).startsWith("UPDATE " + DataApiLease.TABLE + " SET expires")).count();
        assertTrue(renewals >= 2 && renewals <= 4, renewals + " renewals: one an hour, not one a poll");
        assertEquals(0, postgres.count("sparkfy_dw_lease"), "released at the end");
    }

    /** A lease no longer the goal's (taken over while its machine slept, or deleted) stops it at the next renewal. */
    @Test
    void aLeaseLostWhileTheGoalRunsCancelsItsStatementAndFailsTheGoal() {
        boolean[] stolen = new boolean[1];
        DataApiWarehouse slow = polling(Duration.ofMinutes(10), () -> {
            if (!stolen[0]) {
                stolen[0] = true;
                postgres.execute("UPDATE sparkfy_dw_lease SET holder = 'load-stg by someone else'");
            }
        });
        int cancels = api.requests("CancelStatement").size();
        SparkfyException e = assertThrows(SparkfyException.class, () -> createTablesSlowly(slow, log));
        try {
            assertTrue(e.getMessage().matches("create-tables failed, nothing was changed: the warehouse lease is no"
                    + " longer this goal's \\(another build took it over after it expired at [0-9: .-]+ UTC, or it"
                    + " was deleted from sparkfy_dw_lease\\); the query was cancelled"), e.getMessage());
            assertEquals(cancels + 1, api.requests("CancelStatement").size(), "the running read was cancelled");
            assertEquals(1, postgres.count("sparkfy_dw_lease WHERE holder = 'load-stg by someone else'"),
                    "the other build's lease is left to it");
        } finally {
            postgres.execute("DELETE FROM sparkfy_dw_lease");
        }
    }

    /** A renewal AWS refuses (the poll of its UPDATE answered with an error) warns, and is tried again a minute on. */
    @Test
    void aRenewalTheDataApiRefusesWarnsAndALaterOneGoesThrough() {
        pipeline().createTables(false);
        Instant taken = clock.instant();
        boolean[] refused = new boolean[1];
        List<String> expiries = new java.util.ArrayList<>();
        DataApiWarehouse slow = polling(Duration.ofMinutes(10), () -> {
            if (!refused[0] && !clock.instant().isBefore(taken.plus(DataApiLease.RENEW_AFTER))) {
                refused[0] = true; // the next poll is the renewal's
                api.failNext("DescribeStatement", "InternalServerException", "Service unavailable.");
            }
            expiries.add(postgres.string("SELECT expires FROM " + DataApiLease.TABLE));
        });
        RecordingLog lines = new RecordingLog();
        createTablesSlowly(slow, lines);
        assertTrue(lines.lines.stream().anyMatch(line -> line.matches("WARN create-tables: the warehouse lease could"
                + " not be renewed \\(the Data API refused DescribeStatement on .*InternalServerException: Service"
                + " unavailable\\..*\\); it holds until [0-9: .-]+ UTC, trying again in 1 min")), lines.text());
        assertTrue(lines.text().contains("create-tables done on"), lines.text());
        String first = expiries.get(0);
        assertTrue(expiries.stream().anyMatch(e -> e.compareTo(first) > 0),
                "a later renewal moved the lease's expiry: " + expiries);
        assertEquals(0, postgres.count("sparkfy_dw_lease"), "released at the end");
    }

    /** The goal committed: a release AWS refuses (the poll of its DELETE) only warns. */
    @Test
    void aReleaseTheDataApiRefusesWarnsAndTheGoalSucceeds() {
        pipeline().createTables(false);
        long succeeded = postgres.count("sparkfy_dw_runs WHERE goal = 'create-tables' AND status = 'success'");
        RecordingLog lines = new RecordingLog();
        Log goalLog = RecordingLog.watching(lines, message -> {
            if (message.startsWith("create-tables done on")) { // what comes next is the release
                api.failNext("DescribeStatement", "InternalServerException", "Service unavailable.");
            }
        });
        try {
            Pipeline.builder(goalLog).lockTimeout(Duration.ZERO).on(warehouse).createTables(false);
        } finally {
            postgres.execute("DELETE FROM sparkfy_dw_lease");
        }
        assertTrue(lines.lines.stream().anyMatch(line -> line.matches("WARN create-tables: the warehouse lease could"
                + " not be released \\(the Data API refused DescribeStatement on .*InternalServerException: Service"
                + " unavailable\\..*\\); it expires by itself within 2 h, or DELETE FROM sparkfy_dw_lease frees it")),
                lines.text());
        assertEquals(succeeded + 1, postgres.count("sparkfy_dw_runs WHERE goal = 'create-tables'"
                + " AND status = 'success'"));
    }

    /** A statement of insert-dw's fast build, in its one batch. */
    private static final String FAST_BUILD = "CREATE TEMP TABLE IF NOT EXISTS fast_plays";

    /** Ctrl-C while the batch runs: it is cancelled, the cluster rolls it back, and the goal says so. */
    @Test
    void ctrlCDuringThePollsSleepCancelsTheBatchWhichIsRolledBack() throws Exception {
        pipeline().createTables(true);
        fillStagingTheEmbeddedWay();
        CountDownLatch polling = new CountDownLatch(1);
        // Only the slowed batch answers STARTED: the goal sleeps only between its polls, until interrupted
        DataApiWarehouse interruptible = new DataApiWarehouse(url, DataApiUrl.parse(url, null),
                DataApiWarehouse::client, clock, waited -> {
                    clock.advance(waited);
                    polling.countDown();
                    if (!new CountDownLatch(1).await(Waits.GUARD_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test did not interrupt the goal");
                    }
                }, log);
        api.slow(FAST_BUILD, 1000);
        Throwable failure;
        long leases;
        try {
            failure = interruptedInsertDw(interruptible, () -> Waits.await(polling, "the batch was not polled"),
                    () -> { });
            leases = postgres.count("sparkfy_dw_lease");
        } finally {
            api.slow(null, 0);
            interruptible.close();
            postgres.execute("DELETE FROM sparkfy_dw_lease");
        }
        assertEquals("insert-dw was interrupted (Ctrl-C, or the build was stopped): nothing was changed, its"
                + " transaction was rolled back", failure.getMessage());
        assertEquals(0, leases, "the interrupted goal's lease was not released: the next build would wait 2 h");
        assertEquals("failed", postgres.string("SELECT status FROM sparkfy_dw_runs WHERE goal = 'insert-dw'"
                + " ORDER BY started DESC LIMIT 1"), "the interrupted run is recorded, as every failed one");
        assertCancelled(api.idOf(FAST_BUILD));
        assertEquals(0, postgres.count("songplays"), "rolled back");
        assertEquals(0, postgres.count("songs"), "rolled back");
    }

    /**
     * Ctrl-C in the SDK's DescribeStatement call, the batch committed on the cluster meanwhile (its last STARTED
     * poll): the cancel comes too late, and the goal says it committed, never that it was rolled back.
     */
    @Test
    void ctrlCDuringTheSdksPollOfABatchThatHadCommittedSaysItCommitted() throws Exception {
        pipeline().createTables(true);
        fillStagingTheEmbeddedWay();
        CountDownLatch answer = new CountDownLatch(1);
        api.slow(FAST_BUILD, 3);
        CountDownLatch inCall = api.onPoll(FAST_BUILD, 3, answer);
        DataApiWarehouse goalsOwn = open(url);
        Throwable failure;
        try {
            failure = interruptedInsertDw(goalsOwn, () -> Waits.await(inCall, "the batch was not polled"),
                    answer::countDown);
        } finally {
            answer.countDown();
            api.slow(null, 0);
            goalsOwn.close();
            postgres.execute("DELETE FROM sparkfy_dw_lease");
        }
        String id = api.idOf(FAST_BUILD);
        assertTrue(failure instanceof io.sparkfy.dw.target.UncertainCommit, String.valueOf(failure));
        assertTrue(failure.getMessage().matches("interrupted; a transaction of \\d+ statements was sent as statement "
                + id + " and had committed before the cancel reached it"), failure.getMessage());
        assertCancelled(id);
        assertEquals(6820, postgres.count("songplays"), "committed");
    }

    private interface Step {
        void run() throws Exception;
    }

    /** insert-dw in a thread of its own, interrupted once {@code reached} returns; then {@code after}. */
    private static Throwable interruptedInsertDw(DataApiWarehouse on, Step reached, Step after) throws Exception {
        Throwable[] failed = new Throwable[1];
        Thread goal = new Thread(() -> {
            try {
                Pipeline.builder(log).lockTimeout(Duration.ZERO).on(on).insertDw();
            } catch (Throwable t) {
                failed[0] = t;
            }
        });
        goal.start();
        try {
            reached.run();
            goal.interrupt();
            after.run();
        } finally {
            Waits.join(goal, "the interrupted goal ended");
        }
        assertTrue(failed[0] != null, "the interrupted goal failed");
        return failed[0];
    }

    private static void assertCancelled(String id) {
        assertTrue(id != null, "the batch was sent");
        assertTrue(api.requests("CancelStatement").stream().anyMatch(r -> id.equals(r.get("Id"))),
                "CancelStatement of " + id + ": " + api.requests("CancelStatement"));
    }
}
