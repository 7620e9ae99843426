package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.LoadLedger;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.source.Sources;
import io.sparkfy.dw.target.redshift.RedshiftCopyLoader;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.S3ProxyFixture;
import io.sparkfy.dw.testing.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * One set of sources, configured once: on the embedded warehouse the plugin reads them from S3 (a real S3 API
 * server in-process) and loads the foundation's counts; on Redshift the same sources become COPY text.
 */
class S3EtlTest {

    @TempDir
    Path temp;

    @Test
    void theSameS3SourcesLoadOnTheEmbeddedWarehouseAndBecomeCopyOnRedshift() throws Exception {
        Path sample = SampleData.udacitySmall();
        try (S3ProxyFixture s3 = new S3ProxyFixture()) {
            s3.client().createBucket(b -> b.bucket("udacity-dend"));
            try (Stream<Path> files = Files.walk(sample)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    String key = sample.relativize(file).toString().replace('\\', '/');
                    if (key.endsWith(".json")) {
                        s3.client().putObject(p -> p.bucket("udacity-dend").key(key), RequestBody.fromFile(file));
                    }
                }
            }
            // Beside the data prefix, as in the course's bucket (under it, StagingSource refuses it: StagingSourceTest).
            List<StagingSource> sources = List.of(
                    new StagingSource("staging_events", "s3://udacity-dend/log_data", CopyOptions.jsonPaths(
                            "s3://udacity-dend/log_json_path.json", TimeFormat.EPOCHMILLISECS)),
                    new StagingSource("staging_songs", "s3://udacity-dend/song_data", CopyOptions.auto()));

            RecordingLog log = new RecordingLog();
            Sources s3Sources = new Sources(s3.options());
            try (EmbeddedWarehouse dw = new EmbeddedWarehouse(temp.resolve("pgdata"), s3Sources, log)) {
                Pipeline pipeline = Pipeline.builder(log).on(dw.warehouse);
                pipeline.createTables(false);
                pipeline.loadStaging(sources);
                pipeline.insertDw();
                assertEquals(8056, dw.count("staging_events"));
                assertEquals(71, dw.count("staging_songs"));
                assertEquals(6820, dw.count("songplays"));
                assertEquals(1, dw.count("songplays WHERE song_id IS NOT NULL"));
                assertEquals(97, dw.count("users"));
                assertEquals(71, dw.count("songs"));
                assertEquals(69, dw.count("artists"));
                assertEquals(6813, dw.count("time"));
            }
            assertTrue(log.text().contains("staging_events: 8,056 rows from 30 files"), log.text());
            assertTrue(log.text().contains("staging_songs: 71 rows from 71 files"), log.text());
            assertTrue(!log.text().contains(S3ProxyFixture.SECRET));

            List<String> copy = new RedshiftCopyLoader().plan(sources.get(0), LoadLedger.none());
            assertEquals(List.of("DELETE FROM \"staging_events\"", "COPY \"staging_events\"\n"
                    + "FROM 's3://udacity-dend/log_data'\n"
                    + "IAM_ROLE default\n"
                    + "FORMAT AS JSON 's3://udacity-dend/log_json_path.json'\n"
                    + "TIMEFORMAT 'epochmillisecs'"), copy);
        }
    }
}
