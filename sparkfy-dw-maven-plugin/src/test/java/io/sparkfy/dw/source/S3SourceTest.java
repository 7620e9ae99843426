package io.sparkfy.dw.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.testing.S3ProxyFixture;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** S3Source, S3Location and Prefetcher against a real S3 API (S3Proxy, in this JVM). */
class S3SourceTest {

    private static final String BUCKET = "sparkfy-data";
    private static final int EVENTS = 2_500; // more than one 1,000-key page of ListObjectsV2
    private static final String JSONPATHS = "s3://" + BUCKET + "/log_data/log_json_path.json";
    private static final int BIG = 40 * 1024 * 1024;
    private static final String BIG_KEY = "big/events.json";

    private static S3ProxyFixture s3;
    private static List<String> eventKeys;
    private static byte[] bigSha;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3ProxyFixture();
        S3Client client = s3.client();
        client.createBucket(b -> b.bucket(BUCKET));
        eventKeys = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            eventKeys.add(String.format("log_data/2018/11/%04d-events.json", i));
        }
        List<String> shuffled = new ArrayList<>(eventKeys);
        Collections.shuffle(shuffled, new Random(7)); // the store, not the upload order, must give the order
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (String key : shuffled) {
                puts.add(pool.submit(() -> put(key, "{\"key\":\"" + key + "\"}\n")));
            }
            for (Future<?> f : puts) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        put("log_data/", "");                                  // a console's folder placeholder
        put("log_data/log_json_path.json", "{\"jsonpaths\":[]}"); // the JSONPaths trap, under the data prefix
        put("log_data_old/2018/10/0001-events.json", "{}");   // a sibling prefix
        put("song_data/A/A/A/TRAAAAK128F9318786.json", "{}");
        put("empty_folder/", "");
        put("quirky/it's a \\ key.json", "{\"odd\":true}"); // no valid S3Location, yet data under a valid prefix

        byte[] big = new byte[BIG];
        new Random(42).nextBytes(big);
        bigSha = sha256(new ByteArrayInputStream(big));
        client.putObject(b -> b.bucket(BUCKET).key(BIG_KEY), RequestBody.fromBytes(big));
    }

    private static void put(String key, String body) {
        s3.client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(body, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    @AfterEach
    void rightCredentials() {
        s3.useCredentials(S3ProxyFixture.IDENTITY, S3ProxyFixture.SECRET);
    }

    // ---- listing ----

    @Test
    void listsEveryPageSortedWithoutSiblingsOrPlaceholders() throws IOException {
        try (S3Source source = new S3Source("s3://" + BUCKET + "/log_data/", s3.options())) {
            List<SourceObject> objects = source.list();
            List<String> names = objects.stream().map(SourceObject::name).toList();
            List<String> expected = new ArrayList<>(eventKeys.stream().map(k -> "s3://" + BUCKET + "/" + k).toList());
            expected.add(JSONPATHS); // under the prefix, so data, as for Redshift (StagingSource refuses that setup)
            assertEquals(EVENTS + 1, names.size());
            assertEquals(expected, names); // complete, in key order, nothing from log_data_old/, no placeholder

            SourceObject last = objects.get(EVENTS - 1);
            String body = "{\"key\":\"log_data/2018/11/2499-events.json\"}\n";
            assertEquals(body.length(), last.size());
            try (InputStream in = last.open()) {
                assertEquals(body, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aPrefixIsAKeyPrefixAsInCopy() {
        try (S3Source source = new S3Source("s3://" + BUCKET + "/log_data", s3.options())) {
            List<String> names = source.list().stream().map(SourceObject::name).toList();
            // Without the slash, the sibling folder is data too.
            assertEquals(EVENTS + 2, names.size());
            assertTrue(names.contains("s3://" + BUCKET + "/log_data_old/2018/10/0001-events.json"));
            assertTrue(names.contains(JSONPATHS));
        }
        try (S3Source source = new S3Source("s3://" + BUCKET + "/log_data/2018/11/00", s3.options())) {
            assertEquals(100, source.list().size());
        }
    }

    @Test
    void anyKeyUnderAValidPrefixIsData() throws IOException {
        try (S3Source source = new S3Source("s3://" + BUCKET + "/quirky/", s3.options())) {
            List<SourceObject> objects = source.list();
            assertEquals(List.of("s3://" + BUCKET + "/quirky/it's a \\ key.json"),
                    objects.stream().map(SourceObject::name).toList());
            try (InputStream in = objects.get(0).open()) {
                assertEquals("{\"odd\":true}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    // ---- a large object ----

    @Test
    void aLargeObjectStreamsByteForByte() throws Exception {
        try (S3Source source = new S3Source("s3://" + BUCKET + "/big/", s3.options())) {
            SourceObject big = source.list().get(0);
            assertEquals(BIG, big.size());
            byte[] sha;
            try (InputStream in = big.open()) {
                sha = sha256(in);
            }
            assertArrayEquals(bigSha, sha);
        }
    }

    @Test
    void throughThePrefetcherALargeObjectStreamsAndASmallOneIsBuffered() throws Exception {
        try (S3Source source = new S3Source("s3://" + BUCKET + "/", s3.options())) {
            List<SourceObject> all = source.list();
            SourceObject small = all.stream().filter(o -> o.name().endsWith("/0000-events.json")).findFirst()
                    .orElseThrow();
            SourceObject bigOne = all.stream().filter(o -> o.name().endsWith(BIG_KEY)).findFirst().orElseThrow();
            Watched watchedSmall = new Watched(small);
            Watched watchedBig = new Watched(bigOne);
            try (Prefetcher prefetcher = new Prefetcher(List.of(watchedSmall, watchedBig), 2, 1024 * 1024)) {
                Prefetcher.Fetched first = prefetcher.next();
                assertTrue(first.buffered());
                assertTrue(watchedSmall.openedOn.get().startsWith("sparkfy-prefetch-"), watchedSmall.openedOn.get());
                assertEquals("{\"key\":\"log_data/2018/11/0000-events.json\"}\n",
                        new String(first.stream().readAllBytes(), StandardCharsets.UTF_8));

                assertEquals(null, watchedBig.openedOn.get(), "the large object is not touched ahead of time");
                Prefetcher.Fetched second = prefetcher.next();
                assertSame(watchedBig, second.object());
                assertFalse(second.buffered());
                assertEquals(Thread.currentThread().getName(), watchedBig.openedOn.get());
                assertEquals(0, watchedBig.bytesRead.get(), "nothing read before the consumer reads");
                assertArrayEquals(bigSha, sha256(second.stream()));
                assertEquals(BIG, watchedBig.bytesRead.get());
                assertFalse(prefetcher.hasNext());
            }
        }
    }

    @Test
    void aManifestOnS3NamesObjectsThatOpenThroughTheManifestsSource() throws IOException {
        String first = "s3://" + BUCKET + "/" + eventKeys.get(3);
        String second = "s3://" + BUCKET + "/" + eventKeys.get(1);
        String manifest = "s3://" + BUCKET + "/manifests/events.manifest";
        put("manifests/events.manifest", "{\"entries\": [{\"url\": \"" + first + "\", \"mandatory\": true},"
                + " {\"url\": \"s3://" + BUCKET + "/manifests/gone.json\", \"mandatory\": false},"
                + " {\"url\": \"" + second + "\", \"mandatory\": true}]}");
        Sources sources = new Sources(s3.options());
        List<String> bodies = new ArrayList<>();
        try (Source data = sources.of(manifest, null)) {
            List<SourceObject> objects = Manifest.objects(sources.single(manifest, null), data, sources, null,
                    io.sparkfy.dw.Log.silent());
            for (SourceObject object : objects) {
                try (InputStream in = object.open()) {
                    bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(List.of("{\"key\":\"" + eventKeys.get(3) + "\"}\n", "{\"key\":\"" + eventKeys.get(1) + "\"}\n"),
                bodies, "in manifest order, the optional missing one skipped");
    }

    // ---- overlap ----

    @Test
    void thePrefetcherOverlapsSlowOpensAndKeepsTheOrder() throws Exception {
        try (S3Source source = new S3Source("s3://" + BUCKET + "/log_data/2018/11/000", s3.options())) {
            List<SourceObject> listed = source.list();
            assertEquals(10, listed.size());
            int parallelism = 4;
            InFlight inFlight = new InFlight();
            List<Gated> gated = listed.stream().map(o -> new Gated(o, inFlight)).toList();
            for (Gated later : gated.subList(parallelism, gated.size())) {
                later.answer.countDown(); // only the first four GETs are held back
            }
            List<String> bodies = new ArrayList<>();
            List<String> names = new ArrayList<>();
            try (Prefetcher prefetcher = new Prefetcher(new ArrayList<>(gated), parallelism, 1024 * 1024)) {
                // Each of the first four GETs has gone to the store while none was answered: they overlap. Fetched
                // one after the other, the second would never start.
                for (Gated get : gated.subList(0, parallelism)) {
                    assertTrue(get.started.await(GUARD.toMillis(), TimeUnit.MILLISECONDS),
                            get.name() + " not requested while the GETs before it were unanswered; started: "
                                    + inFlight.started);
                }
                assertEquals(0, inFlight.answered.get(), "no GET was answered yet");
                // Answered last to first, handed out first to last.
                for (int i = parallelism - 1; i >= 0; i--) {
                    gated.get(i).answer.countDown();
                    assertTrue(gated.get(i).finished.await(GUARD.toMillis(), TimeUnit.MILLISECONDS));
                }
                while (prefetcher.hasNext()) {
                    Prefetcher.Fetched f = prefetcher.next();
                    names.add(f.object().name());
                    bodies.add(new String(f.stream().readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            assertEquals(parallelism, inFlight.most.get(), "at most " + parallelism + " GETs at once, and that many");
            assertEquals(listed.stream().map(SourceObject::name).toList(), names);
            for (int i = 0; i < 10; i++) {
                assertEquals(String.format("{\"key\":\"log_data/2018/11/%04d-events.json\"}\n", i), bodies.get(i));
            }
        }
    }

    @Test
    void aFailedBackgroundFetchSurfacesOnNextForThatObject() throws Exception {
        IOException io = new IOException("disk on fire");
        SparkfyException sparkfy = new SparkfyException("s3://b/k: no such object");
        List<SourceObject> objects = List.of(new Bytes("a", "1"), new Failing("b", io), new Bytes("c", "3"),
                new Failing("d", sparkfy));
        try (Prefetcher prefetcher = new Prefetcher(objects, 3, 1024)) {
            assertEquals("1", new String(prefetcher.next().stream().readAllBytes(), StandardCharsets.UTF_8));
            assertSame(io, assertThrows(IOException.class, prefetcher::next));
            assertEquals("3", new String(prefetcher.next().stream().readAllBytes(), StandardCharsets.UTF_8));
            assertSame(sparkfy, assertThrows(SparkfyException.class, prefetcher::next));
            assertFalse(prefetcher.hasNext());
        }
    }

    @Test
    void closeCancelsPendingFetchesAndClosesStreams() throws Exception {
        CountDownLatch stuck = new CountDownLatch(2);        // two GETs hang in the store
        CountDownLatch interrupted = new CountDownLatch(2);  // and close() interrupts both
        List<SourceObject> all = new ArrayList<>();
        Watched streamed = new Watched(new Bytes("big", "0123456789"));
        all.add(streamed);
        all.add(new Bytes("o0", "x"));
        for (int i = 1; i < 6; i++) {
            all.add(new Hanging("o" + i, stuck, interrupted));
        }
        Prefetcher prefetcher = new Prefetcher(all, 2, 4);
        Prefetcher.Fetched first = prefetcher.next(); // 10 bytes > 4: streamed, opened here
        assertFalse(first.buffered());
        assertTrue(stuck.await(GUARD.toMillis(), TimeUnit.MILLISECONDS), "both threads are in a hanging GET");
        // A close() that waited for them would not return: their store never answers.
        prefetcher.close();
        assertTrue(interrupted.await(GUARD.toMillis(), TimeUnit.MILLISECONDS),
                "the hanging GETs are interrupted, not waited for");
        assertTrue(streamed.closed.get() > 0, "the stream handed out is closed too");
        assertThrows(IllegalStateException.class, prefetcher::next);
    }

    // ---- failures ----

    @Test
    void aMissingBucketIsNamed() {
        try (S3Source source = new S3Source("s3://no-such-bucket/log_data/", s3.options())) {
            SparkfyException e = assertThrows(SparkfyException.class, source::list);
            assertTrue(e.getMessage().startsWith("s3://no-such-bucket/log_data/: no such bucket: no-such-bucket"),
                    e.getMessage());
        }
        SparkfyException e = assertThrows(SparkfyException.class,
                () -> S3Source.single("s3://no-such-bucket/paths.json", s3.options()));
        assertTrue(e.getMessage().startsWith("s3://no-such-bucket/paths.json: no such bucket"), e.getMessage());
    }

    @Test
    void aPrefixWithoutObjectsIsNamed() {
        try (S3Source source = new S3Source("s3://" + BUCKET + "/nothing/here/", s3.options())) {
            SparkfyException e = assertThrows(SparkfyException.class, source::list);
            assertEquals("s3://" + BUCKET + "/nothing/here/: no objects under this prefix in bucket " + BUCKET,
                    e.getMessage());
        }
        try (S3Source source = new S3Source("s3://" + BUCKET + "/empty_folder/", s3.options())) {
            SparkfyException e = assertThrows(SparkfyException.class, source::list);
            assertTrue(e.getMessage().endsWith("(only 1 empty folder marker(s))"), e.getMessage());
        }
    }

    @Test
    void singleObjects() throws IOException {
        SourceObject paths = S3Source.single(JSONPATHS, s3.options());
        assertEquals(JSONPATHS, paths.name());
        assertEquals(16, paths.size());
        try (InputStream in = paths.open()) {
            assertEquals("{\"jsonpaths\":[]}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        SparkfyException e = assertThrows(SparkfyException.class,
                () -> S3Source.single("s3://" + BUCKET + "/log_data/missing.json", s3.options()));
        assertEquals("s3://" + BUCKET + "/log_data/missing.json: no such object in bucket " + BUCKET, e.getMessage());
        e = assertThrows(SparkfyException.class, () -> S3Source.single("s3://" + BUCKET + "/log_data/", s3.options()));
        assertTrue(e.getMessage().contains("names a folder (prefix), not a single object"), e.getMessage());
    }

    @Test
    void refusedCredentialsAreSaidWithoutTheSecret() {
        String wrongSecret = "wrong-secret-Kx72pQ";
        s3.useCredentials(S3ProxyFixture.IDENTITY, wrongSecret); // signature mismatch
        SparkfyException e;
        try (S3Source source = new S3Source("s3://" + BUCKET + "/log_data/", s3.options())) {
            e = assertThrows(SparkfyException.class, source::list);
        }
        System.out.println("wrong secret: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("s3://" + BUCKET + "/log_data/: S3 refused the credentials"),
                e.getMessage());
        assertNoSecret(e, wrongSecret);

        s3.useCredentials("unknown-identity", wrongSecret); // an access key the server does not know
        try (S3Source source = new S3Source("s3://" + BUCKET + "/log_data/", s3.options())) {
            e = assertThrows(SparkfyException.class, source::list);
        }
        System.out.println("unknown access key, listing: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("s3://" + BUCKET + "/log_data/: S3 refused the credentials"),
                e.getMessage());
        assertNoSecret(e, wrongSecret);
        assertFalse(e.getMessage().contains("unknown-identity"));

        // A HEAD has no error body: only its 403 tells.
        e = assertThrows(SparkfyException.class, () -> S3Source.single(JSONPATHS, s3.options()));
        System.out.println("unknown access key: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(JSONPATHS + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("credentials") || e.getMessage().contains("access denied"), e.getMessage());
        assertNoSecret(e, wrongSecret);
        assertFalse(e.getMessage().contains("unknown-identity"));
    }

    @Test
    void anonymousAccessToAPrivateBucketIsDenied() {
        S3Options anonymous = new S3Options(S3ProxyFixture.REGION, s3.endpoint(), true, true);
        try (S3Source source = new S3Source("s3://" + BUCKET + "/log_data/", anonymous)) {
            SparkfyException e = assertThrows(SparkfyException.class, source::list);
            assertTrue(e.getMessage().startsWith("s3://" + BUCKET + "/log_data/: access denied: anonymous access"),
                    e.getMessage());
        }
    }

    @Test
    void anUnreachableEndpointIsSaid() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // free once closed: nothing listens there
        }
        URI nowhere = URI.create("http://127.0.0.1:" + port);
        S3Options options = new S3Options(S3ProxyFixture.REGION, nowhere, true, false);
        try (S3Source source = new S3Source("s3://" + BUCKET + "/log_data/", options)) {
            SparkfyException e = assertThrows(SparkfyException.class, source::list);
            assertTrue(e.getMessage().startsWith("s3://" + BUCKET + "/log_data/: cannot reach S3 (endpoint " + nowhere
                    + "): "), e.getMessage());
        }
        SparkfyException e = assertThrows(SparkfyException.class,
                () -> new S3Source("s3://" + BUCKET + "/x", new S3Options("us-east-1", URI.create("localhost:9000"),
                        true, false)));
        assertTrue(e.getMessage().contains("is not an http:// or https:// URL"), e.getMessage());
    }

    // ---- S3Location ----

    @Test
    void goodLocations() {
        assertEquals(new S3Location("udacity-dend", "log_data/"), S3Location.parse("s3://udacity-dend/log_data/"));
        assertEquals(new S3Location("udacity-dend", "log_data"), S3Location.parse("s3://udacity-dend/log_data"));
        assertEquals(new S3Location("udacity-dend", ""), S3Location.parse("s3://udacity-dend"));
        assertEquals(new S3Location("udacity-dend", ""), S3Location.parse("s3://udacity-dend/"));
        assertEquals(new S3Location("my.bucket-2", "a b/ü/x=1&y.json"),
                S3Location.parse("S3://my.bucket-2/a b/ü/x=1&y.json"));
        assertEquals("s3://udacity-dend/log_json_path.json",
                S3Location.parse("s3://udacity-dend/log_json_path.json").toString());
        assertEquals("s3://abc/", S3Location.parse("s3://abc").toString());
        assertEquals(63, S3Location.parse("s3://" + "a".repeat(63) + "/k").bucket().length());
    }

    @Test
    void badLocations() {
        assertBad("s3://bucket/x' ; drop table users; --",
                "s3://bucket/x' ; drop table users; --: the key may not hold a quote (')");
        assertBad("s3://bucket/a\\b", "the key may not hold a backslash");
        assertBad("s3://bucket/a\nb",
                "s3://bucket/a\\u000Ab: the key holds a control character (U+000A at position 1)");
        assertBad("s3://bucket/a\u0000b", "control character (U+0000");
        assertBad("s3://Bucket/x",
                "the bucket name \"Bucket\" may hold only lower-case letters, digits, dots and hyphens");
        assertBad("s3://ab/x", "the bucket name \"ab\" must be 3 to 63 characters long");
        assertBad("s3://" + "a".repeat(64) + "/x", "must be 3 to 63 characters long");
        assertBad("s3://-bucket/x", "must begin and end with a letter or digit");
        assertBad("s3://bucket-/x", "must begin and end with a letter or digit");
        assertBad("s3://my_bucket/x", "may hold only lower-case letters");
        assertBad("s3://my..bucket/x", "must not hold two dots in a row");
        assertBad("s3://192.168.1.1/x", "must not look like an IP address");
        assertBad("s3:///log_data", "no bucket name after s3://");
        assertBad("s3://buck'et/x", "may hold only lower-case letters");
        assertBad("https://bucket.s3.amazonaws.com/x", "not an S3 location; expected s3://bucket/prefix");
        assertBad("/data/log_data", "not an S3 location");
        assertBad("s3://bucket/" + "k".repeat(1025), "longer than S3's 1024 bytes");
        assertThrows(SparkfyException.class, () -> S3Location.parse(null));
        assertThrows(SparkfyException.class, () -> new S3Location("bucket", "it's"));
        assertThrows(SparkfyException.class, () -> new S3Location("BUCKET", "k"));
    }

    private static void assertBad(String uri, String expected) {
        SparkfyException e = assertThrows(SparkfyException.class, () -> S3Location.parse(uri));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
        assertFalse(e.getMessage().contains("\n"), "a message never holds a raw control character");
    }

    // ---- helpers ----

    private static void assertNoSecret(Throwable e, String secret) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace)); // causes included
        assertFalse(trace.toString().contains(secret), trace.toString());
        assertFalse(trace.toString().contains(S3ProxyFixture.SECRET), trace.toString());
    }

    private static byte[] sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return digest.digest();
    }

    /**
     * Only so that a broken build fails rather than hangs: every wait here ends on an event (a latch the code under
     * test counts down), which on a working build comes at once. No test ever waits this long when it passes.
     */
    private static final Duration GUARD = Duration.ofSeconds(30);

    /** How many GETs of a test are in the store at once, the most there were, and how many were answered. */
    private static final class InFlight {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        final List<String> started = Collections.synchronizedList(new ArrayList<>());
    }

    /**
     * A store whose answer to a GET waits for the test: {@link #open()} makes the real request, says it started,
     * and returns its stream only once {@link #answer} is counted down.
     */
    private static final class Gated implements SourceObject {
        final SourceObject inner;
        final InFlight inFlight;
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch answer = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);

        Gated(SourceObject inner, InFlight inFlight) {
            this.inner = inner;
            this.inFlight = inFlight;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public long size() {
            return inner.size();
        }

        @Override
        public InputStream open() throws IOException {
            inFlight.most.accumulateAndGet(inFlight.now.incrementAndGet(), Math::max);
            inFlight.started.add(name());
            try {
                InputStream in = inner.open();
                started.countDown();
                if (!answer.await(GUARD.toMillis(), TimeUnit.MILLISECONDS)) {
                    in.close();
                    throw new IOException(name() + ": the test never answered this GET");
                }
                inFlight.answered.incrementAndGet();
                return in;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            } finally {
                inFlight.now.decrementAndGet();
                finished.countDown();
            }
        }
    }

    /** A GET the store never answers: it says it started, then waits until interrupted (or the guard ends it). */
    private record Hanging(String name, CountDownLatch stuck, CountDownLatch interrupted) implements SourceObject {
        @Override
        public long size() {
            return 1;
        }

        @Override
        public InputStream open() throws IOException {
            stuck.countDown();
            try {
                new CountDownLatch(1).await(GUARD.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw new InterruptedIOException("interrupted");
            }
            throw new IOException(name + ": waited out the guard; nothing interrupted this GET");
        }
    }

    /** Records on which thread it was opened, how much was read from it, and whether it was closed. */
    private static final class Watched implements SourceObject {
        final SourceObject inner;
        final AtomicReference<String> openedOn = new AtomicReference<>();
        final AtomicLong bytesRead = new AtomicLong();
        final AtomicLong closed = new AtomicLong();

        Watched(SourceObject inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public long size() {
            return inner.size();
        }

        @Override
        public InputStream open() throws IOException {
            openedOn.set(Thread.currentThread().getName());
            return new FilterInputStream(inner.open()) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    bytesRead.addAndGet(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    bytesRead.addAndGet(Math.max(n, 0));
                    return n;
                }

                @Override
                public void close() throws IOException {
                    closed.incrementAndGet();
                    super.close();
                }
            };
        }
    }

    private record Bytes(String name, String body) implements SourceObject {
        @Override
        public long size() {
            return body.length();
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private record Failing(String name, Exception failure) implements SourceObject {
        @Override
        public long size() {
            return 1;
        }

        @Override
        public InputStream open() throws IOException {
            if (failure instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) failure;
        }
    }
}
