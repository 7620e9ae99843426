package io.sparkfy.dw.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.source.Compression;
import io.sparkfy.dw.target.redshift.RedshiftCopyLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden text of every COPY the Redshift target generates, and the refusal of hostile values. */
class RedshiftCopyTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/dwhRole";

    @Test
    void eventsWithJsonPathsEpochMillisAndRegion() {
        StagingSource events = new StagingSource("staging_events", "s3://udacity-dend/log_data",
                new CopyOptions(JsonFormat.parse("s3://udacity-dend/log_json_path.json"), TimeFormat.EPOCHMILLISECS,
                        "us-west-2", 0, Compression.NONE));
        assertEquals("COPY \"staging_events\"\n"
                + "FROM 's3://udacity-dend/log_data'\n"
                + "IAM_ROLE 'arn:aws:iam::123456789012:role/dwhRole'\n"
                + "FORMAT AS JSON 's3://udacity-dend/log_json_path.json'\n"
                + "TIMEFORMAT 'epochmillisecs'\n"
                + "REGION 'us-west-2'", RedshiftCopy.statement(events, ROLE));
    }

    @Test
    void songsWithAutoAndTheClustersDefaultRole() {
        StagingSource songs = new StagingSource("staging_songs", "s3://udacity-dend/song_data", CopyOptions.auto());
        assertEquals("COPY \"staging_songs\"\n"
                + "FROM 's3://udacity-dend/song_data'\n"
                + "IAM_ROLE default\n"
                + "FORMAT AS JSON 'auto'\n"
                + "TIMEFORMAT 'auto'", RedshiftCopy.statement(songs, null));
    }

    @Test
    void maxErrorCompressionIgnoreCaseAndChainedRoles() {
        StagingSource songs = new StagingSource("staging_songs", "s3://my-bucket/songs/2024/",
                new CopyOptions(JsonFormat.parse("auto ignorecase"), TimeFormat.EPOCHSECS, "eu-central-1", 10,
                        Compression.GZIP));
        assertEquals("COPY \"staging_songs\"\n"
                + "FROM 's3://my-bucket/songs/2024/'\n"
                + "IAM_ROLE 'arn:aws:iam::123456789012:role/a,arn:aws:iam::210987654321:role/b'\n"
                + "FORMAT AS JSON 'auto ignorecase'\n"
                + "TIMEFORMAT 'epochsecs'\n"
                + "REGION 'eu-central-1'\n"
                + "MAXERROR 10\n"
                + "GZIP", RedshiftCopy.statement(songs,
                "arn:aws:iam::123456789012:role/a,arn:aws:iam::210987654321:role/b"));
    }

    @Test
    void everyOptionHasItsCopyText() {
        StagingSource all = new StagingSource("staging_events", "s3://my-bucket/manifests/events.manifest",
                new CopyOptions(JsonFormat.parse("s3://my-bucket/paths.json"), TimeFormat.time("YYYY-MM-DD HH24:MI:SS"),
                        TimeFormat.date("MM/DD/YYYY"), "us-east-2", 5, Compression.ZSTD, true, true, true, "^",
                        true, "off", "ON"));
        assertEquals("COPY \"staging_events\"\n"
                + "FROM 's3://my-bucket/manifests/events.manifest'\n"
                + "IAM_ROLE 'arn:aws:iam::123456789012:role/dwhRole'\n"
                + "FORMAT AS JSON 's3://my-bucket/paths.json'\n"
                + "TIMEFORMAT 'YYYY-MM-DD HH24:MI:SS'\n"
                + "DATEFORMAT 'MM/DD/YYYY'\n"
                + "MANIFEST\n"
                + "REGION 'us-east-2'\n"
                + "MAXERROR 5\n"
                + "ZSTD\n"
                + "BLANKSASNULL\n"
                + "EMPTYASNULL\n"
                + "TRUNCATECOLUMNS\n"
                + "ACCEPTINVCHARS AS '^'\n"
                + "COMPUPDATE OFF\n"
                + "STATUPDATE ON", RedshiftCopy.statement(all, ROLE));
    }

    @Test
    void badOptionValuesAreRefusedByName() {
        assertTrue(message(() -> TimeFormat.time("YYYY-QQ")).contains("TIMEFORMAT 'YYYY-QQ'"));
        assertTrue(message(() -> Compression.parse("lz4")).contains("compression 'lz4'"));
        assertTrue(message(() -> new CopyOptions(JsonFormat.AUTO, TimeFormat.AUTO, TimeFormat.DEFAULT_DATE, null, 0,
                Compression.NONE, false, false, false, "''", false, null, null)).contains("ACCEPTINVCHARS"));
        assertTrue(message(() -> new CopyOptions(JsonFormat.AUTO, TimeFormat.AUTO, TimeFormat.DEFAULT_DATE, null, 0,
                Compression.NONE, false, false, false, null, false, "maybe", null)).contains("COMPUPDATE"));
        assertTrue(message(() -> new CopyOptions(JsonFormat.AUTO, TimeFormat.AUTO, null, -1, Compression.NONE))
                .contains("MAXERROR"));
    }

    @Test
    void theLoaderPlansADeleteThenTheCopy() {
        StagingSource songs = new StagingSource("staging_songs", "s3://b-1/x", CopyOptions.auto());
        List<String> plan = new RedshiftCopyLoader(ROLE).plan(songs);
        assertEquals("DELETE FROM \"staging_songs\"", plan.get(0));
        assertTrue(plan.get(1).startsWith("COPY \"staging_songs\"\nFROM 's3://b-1/x'"));
    }

    @Test
    void hostileValuesAreRefusedBeforeAnySql() {
        StagingSource songs = new StagingSource("staging_songs", "s3://udacity-dend/song_data", CopyOptions.auto());
        assertEquals("sparkfy.iamRole: 'arn:aws:iam::1:role/x' ; drop table users; --' is not valid: expected "
                + "arn:aws:iam::<12-digit account>:role/<name>",
                message(() -> RedshiftCopy.statement(songs, "arn:aws:iam::1:role/x' ; drop table users; --")));
        assertTrue(message(() -> RedshiftCopy.statement(songs, "arn:aws:iam::123456789012:role/x' --"))
                .contains("is not valid"));
        assertTrue(message(() -> RedshiftCopy.statement(new StagingSource("staging_songs",
                "s3://udacity-dend/x'; drop table users; --", CopyOptions.auto()), ROLE))
                .contains("the key has a character COPY text cannot carry safely"));
        assertTrue(message(() -> RedshiftCopy.statement(new StagingSource("staging_songs",
                "s3://Bad_Bucket/x", CopyOptions.auto()), ROLE)).contains("not a valid bucket name"));
        assertTrue(message(() -> RedshiftCopy.statement(new StagingSource("staging_songs",
                "/local/folder", CopyOptions.auto()), ROLE)).contains("Redshift COPY reads from S3"));
        assertTrue(message(() -> RedshiftCopy.statement(new StagingSource("staging_songs", "s3://b-1/x",
                new CopyOptions(JsonFormat.AUTO, TimeFormat.AUTO, "us-west-2'; --", 0, Compression.NONE)), ROLE))
                .startsWith("sparkfy.region: "));
        assertTrue(message(() -> RedshiftCopy.statement(new StagingSource("staging_events", "s3://b-1/x",
                CopyOptions.jsonPaths("classpath:sparkfy-dw/log_json_path.json", TimeFormat.EPOCHMILLISECS)), ROLE))
                .contains("Redshift reads the JSONPaths file from S3"));
        assertTrue(message(() -> RedshiftCopy.statement(new StagingSource("staging_songs\"; drop", "s3://b-1/x",
                CopyOptions.auto()), ROLE)).contains("not a valid table or column name"));
    }

    private static String message(org.junit.jupiter.api.function.Executable executable) {
        return assertThrows(SparkfyException.class, executable).getMessage();
    }
}
