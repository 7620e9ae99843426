package io.sparkfy.dw.target.redshift.dataapi;

import static io.sparkfy.dw.testing.ManifestBuckets.DATA;
import static io.sparkfy.dw.testing.ManifestBuckets.MANIFESTS;
import static io.sparkfy.dw.testing.ManifestBuckets.ledger;
import static io.sparkfy.dw.testing.ManifestBuckets.songs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.copy.Reload;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.source.S3Location;
import io.sparkfy.dw.source.Sources;
import io.sparkfy.dw.target.redshift.ManifestLoads;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.ManifestBuckets;
import io.sparkfy.dw.testing.FakeRedshiftDataApi;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.RedshiftSystemTables;
import io.sparkfy.dw.testing.S3ProxyFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads of only the new objects through the Data API: the real SDK client to the fake Data API on the embedded
 * PostgreSQL, the sources, manifests and lists of new objects on S3Proxy. PostgreSQL cannot run Redshift's COPY, so
 * the fake hands each COPY to this test, which does in the batch's own session and transaction what the cluster
 * would: reads the manifest (or the list) from S3, inserts the records it names, and leaves the COPY's
 * {@code stl_load_commits} rows and the counts behind {@code pg_last_copy_id()} and {@code pg_last_copy_count()}.
 * Every other statement (the ledger's DELETE and INSERT, the join to the system tables) runs on PostgreSQL for real.
 */
class DataApiManifestLoadTest {

    private static final String SECRET_ARN = "arn:aws:secretsmanager:us-west-2:123456789012:secret:sparkfy-dw-AbC123";
    private static final Pattern TABLE = Pattern.compile("^COPY \"?(\\w+)\"?\nFROM '([^']+)'");
    private static final Pattern URL = Pattern.compile("\"url\":\"([^\"]+)\"");

    @TempDir
    static Path temp;
    static EmbeddedWarehouse postgres;
    static FakeRedshiftDataApi api;
    static ManifestBuckets buckets;
    static S3ProxyFixture s3;
    static RecordingLog log = new RecordingLog();
    static String url;
    /** Whether the cluster leaves per-file rows in stl_load_commits (Serverless has none). */
    static volatile boolean perFile = true;
    /** A COPY of this table fails, as the cluster's would. */
    static final AtomicReference<String> failing = new AtomicReference<>();
    static int copies;

    @BeforeAll
    static void start() throws Exception {
        buckets = new ManifestBuckets();
        s3 = buckets.s3;
        postgres = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog());
        String jdbc;
        try (Connection connection = postgres.warehouse.connect()) {
            jdbc = connection.getMetaData().getURL();
        }
        RedshiftSystemTables.create(postgres); // filled by the COPYs below
        api = new FakeRedshiftDataApi(jdbc, "postgres");
        api.copies(DataApiManifestLoadTest::copy);
        // the build's one set of AWS credentials, for the Data API and S3 alike (the fake Data API checks none)
        System.setProperty("aws.accessKeyId", S3ProxyFixture.IDENTITY);
        System.setProperty("aws.secretAccessKey", S3ProxyFixture.SECRET);
        url = "redshift-data://cluster/sparkfy-dw/postgres?secretArn=" + SECRET_ARN + "&region=us-west-2&endpoint="
                + api.endpoint();
        try (DataApiWarehouse warehouse = warehouse("s3://" + MANIFESTS + "/setup/")) {
            Pipeline.builder(log).on(warehouse).createTables(false);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        api.close();
        postgres.close();
        buckets.close();
    }

    @BeforeEach
    void reset() {
        perFile = true;
        failing.set(null);
        log.lines.clear();
    }

    static DataApiWarehouse warehouse(String manifestPrefix) {
        return new DataApiWarehouse(url, DataApiUrl.parse(url, null), DataApiWarehouse::client, Clock.systemUTC(),
                duration -> { }, log).loadingNewObjectsThrough(new ManifestLoads(new Sources(s3.options()),
                S3Location.parse(manifestPrefix)));
    }

    private static List<LoadStats> load(String prefix, String location, Reload reload) {
        try (DataApiWarehouse warehouse = warehouse(prefix)) {
            return Pipeline.builder(log).on(warehouse).loadStaging(songs(location), reload);
        }
    }




    private static String song(String id, int records) {
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < records; i++) {
            json.append("{\"num_songs\": 1, \"artist_id\": \"AR").append(id).append("\", \"song_id\": \"SO").append(id)
                    .append(i).append("\", \"title\": \"T").append(id).append("\", \"duration\": 200.5, \"year\": 2001}\n");
        }
        return json.toString();
    }

    /** What the cluster does for a COPY: the manifest's (or the list's) records in, its system-table rows left. */
    private static long copy(Connection session, String sql) throws Exception {
        Matcher copy = TABLE.matcher(sql);
        assertTrue(copy.find(), sql);
        String table = copy.group(1);
        if (table.equals(failing.get())) {
            throw new IllegalStateException("Load into table '" + table + "' failed.  Check 'stl_load_errors'"
                    + " system table for details.");
        }
        int query = 1000 + ++copies;
        long total = 0;
        try (Statement statement = session.createStatement();
             PreparedStatement insert = session.prepareStatement("INSERT INTO " + table
                     + " SELECT * FROM json_populate_record(NULL::" + table + ", ?::json)")) {
            if (sql.contains("\nMANIFEST")) {
                Matcher file = URL.matcher(buckets.read(copy.group(2)));
                while (file.find()) {
                    List<String> records = buckets.read(file.group(1)).lines().toList();
                    for (String record : records) {
                        insert.setString(1, record);
                        insert.executeUpdate();
                    }
                    total += records.size();
                    if (perFile) {
                        statement.execute("INSERT INTO stl_load_commits VALUES (" + query + ", '" + file.group(1)
                                + "', " + records.size() + ")");
                    }
                }
            } else { // the list of the new objects, into the batch's temporary table
                for (String line : buckets.read(copy.group(2)).lines().toList()) {
                    insert.setString(1, line);
                    insert.executeUpdate();
                    total++;
                }
            }
            statement.execute("INSERT INTO test_last_copy VALUES (" + query + ", " + total + ")");
        }
        return total;
    }



    private static List<String> lastBatchWith(String text) {
        return api.batches().stream().filter(b -> b.stream().anyMatch(s -> s.contains(text)))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no batch with " + text));
    }

    @Test
    void eachLoadCopiesOnlyTheNewObjectsAndWritesTheirLedgerRowsInTheSameBatch() {
        String location = "s3://" + DATA + "/song_data/";
        String a = song("A", 2);
        String b = song("B", 3);
        buckets.put("song_data/A/a.json", a);
        buckets.put("song_data/B/b.json", b);
        String prefix = "s3://" + MANIFESTS + "/new/";

        List<LoadStats> first = load(prefix, location, Reload.NEW);
        assertEquals(2, first.get(0).files());
        assertEquals(5, first.get(0).rows());
        assertEquals("A/a.json=2/" + a.length() + ",B/b.json=3/" + b.length(), ledger(postgres, location));
        assertEquals(5, postgres.count("staging_songs"));
        Set<String> written = buckets.manifests("new/");
        assertEquals(2, written.size(), written.toString());
        String manifestKey = written.stream().filter(k -> k.endsWith(".manifest")).findFirst().orElseThrow();
        assertTrue(manifestKey.matches("new/staging_songs-[0-9a-f-]{36}\\.manifest"), manifestKey);
        String runId = manifestKey.replaceAll(".*staging_songs-(.*)\\.manifest", "$1");
        assertEquals("{\"url\":\"s3://songs-data/song_data/A/a.json\",\"object_key\":\"A/a.json\",\"object_size\":"
                + a.length() + ",\"object_version\":" + etag("song_data/A/a.json") + ",\"nth\":1}\n"
                + "{\"url\":\"s3://songs-data/song_data/B/b.json\",\"object_key\":\"B/b.json\",\"object_size\":"
                + b.length() + ",\"object_version\":" + etag("song_data/B/b.json") + ",\"nth\":2}\n",
                buckets.read("s3://" + MANIFESTS + "/new/staging_songs-" + runId + ".files"));
        // one batch: the list, staging through the manifest, the ledger from both, and the load's staging state
        List<String> batch = lastBatchWith("COPY \"staging_songs\"");
        assertEquals(List.of("CREATE TEMP TABLE", "COPY \"sparkfy_dw_new_files\"", "DELETE FROM \"staging_songs\"",
                "COPY \"staging_songs\"", "INSERT INTO \"sparkfy_dw_loaded_files\"", "DROP TABLE sparkfy_dw_new_files"),
                batch.subList(0, 6).stream().map(s -> s.split("\n")[0].replaceAll("^(CREATE TEMP TABLE|COPY \\S+|"
                        + "INSERT INTO \\S+).*", "$1")).toList());
        assertEquals(2, postgres.count("sparkfy_dw_loaded_files WHERE run_id = '" + runId + "'"));
        assertTrue(log.text().contains("staging_songs: COPY of 2 new objects"), log.text());
        assertFalse(log.text().contains("full reload"), log.text());

        // a new object: only it is copied, and the ledger gains its row
        String c = song("C", 1);
        buckets.put("song_data/C/c.json", c);
        List<LoadStats> second = load(prefix, location, Reload.NEW);
        assertEquals(1, second.get(0).files());
        assertEquals(1, second.get(0).rows());
        assertEquals(1, postgres.count("staging_songs"), "staging holds the new object's records");
        assertEquals("A/a.json=2/" + a.length() + ",B/b.json=3/" + b.length() + ",C/c.json=1/" + c.length(),
                ledger(postgres, location));

        // nothing new: no batch with a COPY, staging as it was, and the line says so
        int batches = api.batches().size();
        load(prefix, location, Reload.NEW);
        assertTrue(api.batches().subList(batches, api.batches().size()).stream().flatMap(List::stream)
                .noneMatch(s -> s.startsWith("COPY")), api.batches().toString());
        assertEquals(1, postgres.count("staging_songs"));
        assertTrue(log.text().contains("staging_songs: nothing new in " + location + " (3 files already loaded)"),
                log.text());

        // a file replaced in place: loaded again, its ledger row rewritten, not doubled
        String a2 = song("A", 4);
        buckets.put("song_data/A/a.json", a2);
        load(prefix, location, Reload.NEW);
        assertEquals(4, postgres.count("staging_songs"));
        assertEquals("A/a.json=4/" + a2.length() + ",B/b.json=3/" + b.length() + ",C/c.json=1/" + c.length(),
                ledger(postgres, location));
        assertTrue(lastBatchWith("COPY \"staging_songs\"").contains("DELETE FROM \"sparkfy_dw_loaded_files\" USING"
                + " sparkfy_dw_new_files WHERE \"sparkfy_dw_loaded_files\".table_name = 'staging_songs' AND"
                + " \"sparkfy_dw_loaded_files\".source_location = '" + location + "' AND"
                + " \"sparkfy_dw_loaded_files\".object_key = sparkfy_dw_new_files.object_key"));

        // reload=all: every object again, and the table's ledger rows replaced
        load(prefix, location, Reload.ALL);
        assertEquals(8, postgres.count("staging_songs"));
        assertEquals("A/a.json=4/" + a2.length() + ",B/b.json=3/" + b.length() + ",C/c.json=1/" + c.length(),
                ledger(postgres, location));
        assertEquals(3, postgres.count("sparkfy_dw_loaded_files WHERE table_name = 'staging_songs'"));
    }

    private static String etag(String key) {
        String etag = s3.client().headObject(h -> h.bucket(DATA).key(key)).eTag();
        return "\"" + etag.replace("\"", "\\\"") + "\"";
    }

    @Test
    void withoutRowsPerFileTheCopysTotalGoesOnTheFirstFile() {
        String location = "s3://" + DATA + "/serverless/";
        buckets.put("serverless/1.json", song("1", 3));
        buckets.put("serverless/2.json", song("2", 4));
        perFile = false;
        load("s3://" + MANIFESTS + "/fallback/", location, Reload.NEW);
        assertEquals("1.json=7/" + song("1", 3).length() + ",2.json=0/" + song("2", 4).length(), ledger(postgres, location));
    }

    @Test
    void aFailedCopyLeavesStagingAndTheLedgerAsTheyWereAndTheNextLoadTakesTheSameObjects() {
        String location = "s3://" + DATA + "/failing/";
        buckets.put("failing/x.json", song("X", 2));
        load("s3://" + MANIFESTS + "/failing/", location, Reload.NEW);
        long staged = postgres.count("staging_songs");
        String before = ledger(postgres, location);
        buckets.put("failing/y.json", song("Y", 5));
        failing.set("staging_songs");
        SparkfyException e = assertThrows(SparkfyException.class,
                () -> load("s3://" + MANIFESTS + "/failing/", location, Reload.NEW));
        assertTrue(e.getMessage().startsWith("staging_songs: the COPY failed on Redshift, staging is unchanged:"),
                e.getMessage());
        assertEquals(staged, postgres.count("staging_songs"));
        assertEquals(before, ledger(postgres, location));
        assertEquals(0, postgres.count("pg_class WHERE relname = 'sparkfy_dw_new_files'"));

        failing.set(null);
        List<LoadStats> next = load("s3://" + MANIFESTS + "/failing/", location, Reload.NEW);
        assertEquals(1, next.get(0).files());
        assertEquals("x.json=2/" + song("X", 2).length() + ",y.json=5/" + song("Y", 5).length(), ledger(postgres, location));
    }

    @Test
    void aDryRunShowsTheBatchAndWritesNothing() {
        RecordingLog dry = new RecordingLog();
        Pipeline pipeline = Pipeline.builder(dry).dryRun(true).sources(new Sources(s3.options()))
                .open(new WarehouseSettings(url, null, null, null, S3Location.parse("s3://" + MANIFESTS + "/dry/")));
        pipeline.loadStaging(songs("s3://" + DATA + "/song_data/"));
        String out = dry.text();
        assertTrue(out.contains("INFO -- and their list, one line each"), out);
        assertTrue(out.matches("(?s).*INFO COPY \"sparkfy_dw_new_files\"\nINFO FROM 's3://" + MANIFESTS
                + "/dry/staging_songs-[0-9a-f-]{36}\\.files'.*"), out);
        assertTrue(out.matches("(?s).*INFO COPY \"staging_songs\"\nINFO FROM 's3://" + MANIFESTS
                + "/dry/staging_songs-[0-9a-f-]{36}\\.manifest'\n.*INFO MANIFEST;.*"), out);
        assertTrue(out.contains("INFO -- when some of them were loaded before\nINFO DELETE FROM"
                + " \"sparkfy_dw_loaded_files\" USING sparkfy_dw_new_files"), out);
        assertTrue(out.contains("LEFT JOIN (SELECT TRIM(filename) AS url, SUM(lines_scanned) AS scanned FROM"
                + " stl_load_commits WHERE query = pg_last_copy_id() GROUP BY 1) c ON c.url = f.url"), out);
        assertEquals(Set.of(), buckets.manifests("dry/"));
    }
}
