package io.sparkfy.dw.testing;

import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.source.S3Location;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The two buckets of a Redshift load through manifests, on S3Proxy: the song files' ({@link #DATA}) and the one the
 * plugin writes its manifests to ({@link #MANIFESTS}); and what the tests of those loads ask of them and of the ledger.
 */
public final class ManifestBuckets implements AutoCloseable {

    public static final String ROLE = "arn:aws:iam::123456789012:role/dwhRole";
    public static final String DATA = "songs-data";
    public static final String MANIFESTS = "dw-manifests";

    public final S3ProxyFixture s3;

    public ManifestBuckets() throws Exception {
        s3 = new S3ProxyFixture();
        s3.client().createBucket(b -> b.bucket(DATA));
        s3.client().createBucket(b -> b.bucket(MANIFESTS));
    }

    /** Writes an object of the data bucket. */
    public void put(String key, String body) {
        s3.client().putObject(b -> b.bucket(DATA).key(key), RequestBody.fromString(body, StandardCharsets.UTF_8));
    }

    /** An object's text, by its s3:// URL. */
    public String read(String url) {
        S3Location location = S3Location.parse(url);
        return s3.client().getObjectAsBytes(b -> b.bucket(location.bucket()).key(location.key())).asUtf8String();
    }

    /** The keys of the manifest bucket under {@code prefix}, sorted. */
    public Set<String> manifests(String prefix) {
        return s3.client().listObjectsV2(b -> b.bucket(MANIFESTS).prefix(prefix)).contents().stream()
                .map(o -> o.key()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** staging_songs from {@code location}, read with the test role. */
    public static List<StagingSource> songs(String location) {
        return List.of(new StagingSource("staging_songs", location, CopyOptions.builder().iamRole(ROLE).build()));
    }

    /** The ledger's rows of staging_songs from {@code location}: key=rows/size, in key order. */
    public static String ledger(EmbeddedWarehouse postgres, String location) {
        return postgres.string("SELECT string_agg(object_key || '=' || rows_loaded || '/' || object_size, ','"
                + " ORDER BY object_key) FROM sparkfy_dw_loaded_files WHERE table_name = 'staging_songs'"
                + " AND source_location = '" + location + "'");
    }

    @Override
    public void close() throws Exception {
        s3.close();
    }
}
