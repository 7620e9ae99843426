package io.sparkfy.dw.target.redshift;

import static io.sparkfy.dw.testing.ManifestBuckets.DATA;
import static io.sparkfy.dw.testing.ManifestBuckets.MANIFESTS;
import static io.sparkfy.dw.testing.ManifestBuckets.ROLE;
import static io.sparkfy.dw.testing.ManifestBuckets.ledger;
import static io.sparkfy.dw.testing.ManifestBuckets.songs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.copy.StagingLoader;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.schema.Migration;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.source.S3Location;
import io.sparkfy.dw.source.Sources;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.WarehouseLock;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.ManifestBuckets;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.RedshiftSystemTables;
import io.sparkfy.dw.testing.RedshiftStartupProxy;
import io.sparkfy.dw.testing.S3ProxyFixture;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redshift load through manifests: the sources and the manifests on S3Proxy (written and listed with the SDK, as
 * on AWS), the statements through the Amazon Redshift JDBC driver and the start-up proxy onto the embedded
 * PostgreSQL. PostgreSQL cannot run Redshift's COPY, so the test's connection intercepts the COPY statement: it
 * records its text (checked word for word) and does on PostgreSQL what the cluster would leave behind for the
 * statements after it, the manifest's files in {@code stl_load_commits} and the counts behind
 * {@code pg_last_copy_id()} and {@code pg_last_copy_count()}, reading the manifest from S3 as the cluster would.
 * Every other statement (the ledger's, the DELETE, the system-table queries) runs on the server for real.
 */
class RedshiftManifestLoadTest {

    private static final Pattern FROM = Pattern.compile("FROM '([^']+)'");
    private static final Pattern URL = Pattern.compile("\"url\":\"([^\"]+)\"");

    @TempDir
    static Path temp;
    static EmbeddedWarehouse postgres;
    static RedshiftStartupProxy proxy;
    static ManifestBuckets buckets;
    static S3ProxyFixture s3;
    static RecordingLog log = new RecordingLog();
    /** COPYs so far, for their query ids: the last COPY's is the highest, as pg_last_copy_id() takes it. */
    static int copies;

    @BeforeAll
    static void start() throws Exception {
        buckets = new ManifestBuckets();
        s3 = buckets.s3;
        postgres = new EmbeddedWarehouse(temp.resolve("pgdata"), log);
        new Pipeline(postgres.warehouse, new SqlResources(), log).createTables(true);
        for (Migration migration : new SqlResources().migrations(Dialect.REDSHIFT)) {
            postgres.execute("UPDATE sparkfy_dw_schema_history SET checksum = " + migration.checksum()
                    + " WHERE version = '" + migration.version() + "'");
        }
        RedshiftSystemTables.create(postgres); // filled by the COPYs below
        try (Connection connection = postgres.warehouse.connect()) {
            String url = connection.getMetaData().getURL();
            proxy = RedshiftStartupProxy.start("localhost", Integer.parseInt(url.replaceAll(".*:(\\d+)/.*", "$1")));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        postgres.close();
        buckets.close();
    }


    private static String song(String id) {
        return "{\"num_songs\": 1, \"artist_id\": \"AR" + id + "\", \"song_id\": \"SO" + id + "\", \"title\": \"T"
                + id + "\", \"duration\": 200.5, \"year\": 2001}\n";
    }


    private static String manifest(String key) {
        return s3.client().getObjectAsBytes(b -> b.bucket(MANIFESTS).key(key)).asUtf8String();
    }



    private static String copy(String manifestUrl) {
        return "COPY \"staging_songs\"\nFROM '" + manifestUrl + "'\nIAM_ROLE '" + ROLE + "'\n"
                + "FORMAT AS JSON 'auto'\nTIMEFORMAT 'auto'\nMANIFEST";
    }

    @Test
    void aLoadWritesTheManifestOfWhatIsNewAndCopiesThroughIt() {
        String location = "s3://" + DATA + "/song_data/";
        String a = song("A");
        String b = song("BB");
        buckets.put("song_data/A/a.json", a);
        buckets.put("song_data/B/b.json", b);
        Intercepting redshift = new Intercepting("s3://" + MANIFESTS + "/first/", true);

        // first load: both objects
        List<LoadStats> stats = new Pipeline(redshift, new SqlResources(), log).loadStaging(songs(location));
        Set<String> first = buckets.manifests("first/");
        assertEquals(1, first.size(), first.toString());
        String key1 = first.iterator().next();
        assertTrue(key1.matches("first/staging_songs-[0-9a-f-]{36}\\.manifest"), key1);
        assertEquals("{\"entries\":[\n"
                + "  {\"url\":\"s3://songs-data/song_data/A/a.json\",\"mandatory\":true,\"meta\":{\"content_length\":"
                + a.length() + "}},\n"
                + "  {\"url\":\"s3://songs-data/song_data/B/b.json\",\"mandatory\":true,\"meta\":{\"content_length\":"
                + b.length() + "}}\n"
                + "]}\n", manifest(key1));
        String url1 = "s3://" + MANIFESTS + "/" + key1;
        String runId = key1.replaceAll(".*staging_songs-(.*)\\.manifest", "$1");
        String ledgerSelect = "SELECT object_key, object_size, object_version FROM \"sparkfy_dw_loaded_files\""
                + " WHERE table_name = ? AND source_location = ?";
        assertEquals(List.of(ledgerSelect, "DELETE FROM \"staging_songs\"", copy(url1), "SELECT pg_last_copy_count()",
                RedshiftCopyLoader.ROWS_PER_FILE, RedshiftCopyLoader.REJECTED_PER_FILE), redshift.loaderStatements());
        assertTrue(redshift.sent.stream().anyMatch(s -> s.startsWith("INSERT INTO \"sparkfy_dw_loaded_files\"")),
                redshift.sent.toString());
        // rows per file from stl_load_commits: a.json was split over two slices (6 + 4), b.json 20
        assertEquals("A/a.json=10/" + a.length() + ",B/b.json=20/" + b.length(), ledger(postgres, location));
        assertEquals(2, postgres.count("sparkfy_dw_loaded_files WHERE run_id = '" + runId + "'"));
        assertEquals(30, stats.get(0).rows());
        assertEquals(2, stats.get(0).files());

        // second load: one new object, and only it is in the manifest
        String c = song("CCC");
        buckets.put("song_data/C/c.json", c);
        redshift.sent.clear();
        new Pipeline(redshift, new SqlResources(), log).loadStaging(songs(location));
        Set<String> second = buckets.manifests("first/");
        second.removeAll(first);
        assertEquals(1, second.size(), second.toString());
        String key2 = second.iterator().next();
        assertEquals("{\"entries\":[\n"
                + "  {\"url\":\"s3://songs-data/song_data/C/c.json\",\"mandatory\":true,\"meta\":{\"content_length\":"
                + c.length() + "}}\n"
                + "]}\n", manifest(key2));
        assertEquals(List.of(ledgerSelect, "DELETE FROM \"staging_songs\"", copy("s3://" + MANIFESTS + "/" + key2),
                "SELECT pg_last_copy_count()", RedshiftCopyLoader.ROWS_PER_FILE,
                RedshiftCopyLoader.REJECTED_PER_FILE), redshift.loaderStatements());
        assertEquals("A/a.json=10/" + a.length() + ",B/b.json=20/" + b.length() + ",C/c.json=10/" + c.length(),
                ledger(postgres, location));

        // nothing new: no manifest, no DELETE, no COPY, and the line says so
        redshift.sent.clear();
        log.lines.clear();
        new Pipeline(redshift, new SqlResources(), log).loadStaging(songs(location));
        assertEquals(2, buckets.manifests("first/").size());
        assertEquals(List.of(ledgerSelect), redshift.loaderStatements());
        assertTrue(log.text().contains("staging_songs: nothing new in " + location + " (3 files already loaded)"),
                log.text());
        assertFalse(log.text().contains("full reload"), log.text());
    }

    @Test
    void withoutRowsPerFileTheCopysTotalGoesOnTheFirstFile() {
        String location = "s3://" + DATA + "/other/";
        buckets.put("other/1.json", song("1"));
        buckets.put("other/2.json", song("2"));
        Intercepting redshift = new Intercepting("s3://" + MANIFESTS + "/fallback/", false);
        log.lines.clear();
        new Pipeline(redshift, new SqlResources(), log).loadStaging(songs(location));
        assertEquals("1.json=7/" + song("1").length() + ",2.json=0/" + song("2").length(), ledger(postgres, location));
        assertTrue(log.text().contains("stl_load_commits has no rows for this COPY, so its 7 rows are recorded on the"
                + " first file of the manifest and 0 on the others"), log.text());
    }

    @Test
    void aDryRunShowsTheManifestCopyAndWritesNothing() {
        RecordingLog dry = new RecordingLog();
        Pipeline pipeline = Pipeline.builder(dry).dryRun(true).sources(new Sources(s3.options()))
                .open(new WarehouseSettings("jdbc:redshift://nowhere.invalid:5439/dev", "u", "p", null,
                        S3Location.parse("s3://" + MANIFESTS + "/dry/")));
        pipeline.loadStaging(songs("s3://" + DATA + "/song_data/"));
        String out = dry.text();
        assertTrue(out.contains("INFO -- {\"entries\":[\nINFO --   {\"url\":\"s3://<bucket>/<each new object>\","
                + "\"mandatory\":true,\"meta\":{\"content_length\":<its size>}}\nINFO -- ]}"), out);
        assertTrue(out.matches("(?s).*INFO COPY \"staging_songs\"\nINFO FROM 's3://" + MANIFESTS
                + "/dry/staging_songs-[0-9a-f-]{36}\\.manifest'\n.*INFO MANIFEST;.*"), out);
        assertTrue(out.contains(RedshiftCopyLoader.ROWS_PER_FILE), out);
        assertEquals(Set.of(), buckets.manifests("dry/"));
    }

    /**
     * The Redshift warehouse on the proxy, each connection recording what it is sent, its COPY done as described
     * in the class comment ({@code perFile}: whether {@code stl_load_commits} gets the files' rows).
     */
    private static final class Intercepting implements Warehouse {
        final RedshiftWarehouse real;
        final boolean perFile;
        final List<String> sent = Collections.synchronizedList(new ArrayList<>());

        Intercepting(String manifestPrefix, boolean perFile) {
            this.real = new RedshiftWarehouse(proxy.jdbcUrl("postgres") + "?ssl=false", "postgres", null,
                    new Sources(s3.options()), S3Location.parse(manifestPrefix));
            this.perFile = perFile;
        }

        /** What the loader sent about staging, the ledger's rows and the COPY, in order. */
        List<String> loaderStatements() {
            synchronized (sent) {
                return sent.stream().filter(s -> s.contains("staging_songs") || s.contains("pg_last_copy")
                        || s.startsWith("SELECT object_key")).collect(Collectors.toList());
            }
        }

        @Override
        public Dialect dialect() {
            return real.dialect();
        }

        @Override
        public String description() {
            return real.description();
        }

        @Override
        public Connection connect() {
            Connection connection = real.connect();
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (p, method, args) -> {
                        if (method.getName().equals("prepareStatement")) {
                            sent.add((String) args[0]);
                        }
                        Object result = invoke(connection, method, args);
                        if (method.getName().equals("createStatement")) {
                            return statement((Statement) result);
                        }
                        return result;
                    });
        }

        private Statement statement(Statement statement) {
            InvocationHandler handler = (p, method, args) -> {
                boolean text = args != null && args.length == 1 && args[0] instanceof String
                        && (method.getName().equals("execute") || method.getName().equals("executeQuery"));
                if (text) {
                    String sql = (String) args[0];
                    sent.add(sql);
                    if (sql.startsWith("COPY ")) {
                        copy(statement, sql);
                        return false;
                    }
                }
                return invoke(statement, method, args);
            };
            return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                    handler);
        }

        /** What the cluster leaves behind for the statements after a COPY ... MANIFEST, from the manifest on S3. */
        private void copy(Statement statement, String sql) throws Exception {
            Matcher from = FROM.matcher(sql);
            assertTrue(from.find(), sql);
            S3Location manifest = S3Location.parse(from.group(1));
            String json = s3.client().getObjectAsBytes(b -> b.bucket(manifest.bucket()).key(manifest.key()))
                    .asUtf8String();
            int query = 1000 + ++copies;
            long total = 0;
            Matcher url = URL.matcher(json);
            for (int i = 0; url.find(); i++) {
                long rows = i == 1 ? 20 : 10;
                total += rows;
                if (perFile && i == 0) { // a file split over two slices: two rows
                    statement.execute("INSERT INTO stl_load_commits VALUES (" + query + ", '" + url.group(1)
                            + "', 6), (" + query + ", '" + url.group(1) + "', 4)");
                } else if (perFile) {
                    statement.execute("INSERT INTO stl_load_commits VALUES (" + query + ", '" + url.group(1) + "', "
                            + rows + ")");
                }
            }
            statement.execute("INSERT INTO test_last_copy VALUES (" + query + ", " + (perFile ? total : 7) + ")");
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public StagingLoader stagingLoader() {
            return real.stagingLoader();
        }

        @Override
        public io.sparkfy.dw.target.FullBuild fullBuild() {
            return real.fullBuild();
        }

        @Override
        public WarehouseLock lock(Duration timeout, String goal, Log log) {
            return real.lock(timeout, goal, log);
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
