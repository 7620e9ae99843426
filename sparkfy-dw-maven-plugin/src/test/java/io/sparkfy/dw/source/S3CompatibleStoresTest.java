package io.sparkfy.dw.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.LegacyS3Proxy;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.S3ProxyFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3-compatible stores from before the AWS SDK's default integrity checksums (2.30): S3Proxy 2.6.0, in a process of
 * its own, refuses them (501 NotImplemented on a GET), as older MinIO and Ceph RGW do. At an endpoint override the
 * plugin sends only the checksums an operation requires, so it reads and writes there; the s3Checksums setting
 * turns the SDK's default back on, which S3Proxy 4.1.0 (in-process) takes and 2.6.0 refuses with a clear message.
 */
class S3CompatibleStoresTest {

    private static final String BUCKET = "sparkfy-compat";
    private static final String SONG = "{\"song_id\": \"SO1\", \"num_songs\": 1, \"title\": \"A\", \"artist_id\":"
            + " \"AR1\", \"artist_name\": \"B\", \"artist_latitude\": null, \"artist_longitude\": null,"
            + " \"artist_location\": \"\", \"duration\": 1.5, \"year\": 2000}";

    @TempDir
    Path temp;

    private static void seed(S3Client client) {
        client.createBucket(b -> b.bucket(BUCKET));
        client.putObject(p -> p.bucket(BUCKET).key("song_data/A/one.json"), RequestBody.fromString(SONG));
        client.putObject(p -> p.bucket(BUCKET).key("song_data/B/two.json"),
                RequestBody.fromString(SONG.replace("SO1", "SO2")));
    }

    private static S3Options withChecksums(S3Options options) {
        return new S3Options(options.region(), options.endpoint(), options.pathStyle(), options.anonymous(), true);
    }

    /** Lists, reads each object (GET), HEADs one and writes one (a manifest's PUT), as the plugin does. */
    private static void readAndWrite(S3Options options) throws IOException {
        try (S3Source source = new S3Source("s3://" + BUCKET + "/song_data/", options)) {
            List<SourceObject> objects = source.list();
            assertEquals(List.of("A/one.json", "B/two.json"), objects.stream().map(SourceObject::relativeName).toList());
            try (InputStream in = objects.get(0).open()) {
                assertEquals(SONG, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        String manifest = "s3://" + BUCKET + "/manifests/staging_songs-1.manifest";
        S3Source.put(manifest, "{\"entries\":[]}".getBytes(StandardCharsets.UTF_8), "application/json", options);
        SourceObject written = S3Source.single(manifest, options);
        try (InputStream in = written.open()) {
            assertEquals("{\"entries\":[]}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void s3Proxy26ServesThePluginAndRefusesTheSdksDefaultChecksumsClearly() throws Exception {
        try (LegacyS3Proxy store = new LegacyS3Proxy(temp.resolve("s3proxy-2.6"))) {
            seed(store.client());
            readAndWrite(store.options());

            SparkfyException e;
            try (S3Source source = new S3Source("s3://" + BUCKET + "/song_data/", withChecksums(store.options()))) {
                SourceObject first = source.list().get(0);
                e = assertThrows(SparkfyException.class, () -> {
                    try (InputStream in = first.open()) {
                        in.readAllBytes();
                    }
                });
            }
            assertTrue(e.getMessage().startsWith("s3://" + BUCKET + "/song_data/A/one.json: S3 failed to "), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 501 NotImplemented"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(endpoint " + store.endpoint() + "); this store may not take the"
                    + " SDK's integrity checksums, which were turned on for it: turn them off (the s3Checksums"
                    + " setting)"), e.getMessage());
        }
    }

    @Test
    void aLoadReadsFromS3Proxy26() throws Exception {
        RecordingLog log = new RecordingLog();
        try (LegacyS3Proxy store = new LegacyS3Proxy(temp.resolve("s3proxy-2.6"));
             EmbeddedWarehouse dw = new EmbeddedWarehouse(temp.resolve("pgdata"), new Sources(store.options()), log)) {
            seed(store.client());
            Pipeline pipeline = Pipeline.builder(log).on(dw.warehouse);
            pipeline.createTables(false);
            pipeline.loadStaging(List.of(new StagingSource("staging_songs", "s3://" + BUCKET + "/song_data",
                    CopyOptions.auto())));
            assertEquals(2, dw.count("staging_songs"));
        }
        assertTrue(log.text().contains("staging_songs: 2 rows from 2 files"), log.text());
    }

    @Test
    void s3Proxy41TakesTheSdksChecksumsAndTheRequiredOnesAlike() throws Exception {
        try (S3ProxyFixture store = new S3ProxyFixture()) {
            seed(store.client());
            readAndWrite(store.options());
            readAndWrite(withChecksums(store.options()));
        }
    }

    @Test
    void onlyAnEndpointOverrideSendsFewerChecksums() {
        URI minio = URI.create("http://localhost:9000");
        assertTrue(new S3Options("us-east-1", minio, true, false).checksumsOnlyWhenRequired());
        assertFalse(new S3Options("us-east-1", minio, true, false, true).checksumsOnlyWhenRequired());
        assertFalse(S3Options.defaults().checksumsOnlyWhenRequired(), "AWS itself keeps the SDK's default");
        assertFalse(new S3Options("us-west-2", null, false, true, false).checksumsOnlyWhenRequired());
        assertTrue(new S3Options("us-east-1", minio, true, false).withRegion("eu-west-1").checksumsOnlyWhenRequired());
        assertFalse(new S3Options("us-east-1", minio, true, false, true).withRegion("eu-west-1")
                .checksumsOnlyWhenRequired(), "a source's own region keeps the setting");
    }
}
