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

/**
 * Golden text of every COPY the Redshift target generates, the same text for the emulation, and the refusal of
 * hostile values.
 */
class CopyStatementTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/dwhRole";

    @Test
    void eventsWithJsonPathsEpochMillisAndRegion() {
        StagingSource events = new StagingSource("staging_events", "s3://udacity-dend/log_data",
                CopyOptions.builder().json(JsonFormat.parse("s3://udacity-dend/log_json_path.json"))
                        .timeFormat(TimeFormat.EPOCHMILLISECS).region("us-west-2").iamRole(ROLE).build());
        assertEquals("COPY \"staging_events\"\n"
                + "FROM 's3://udacity-dend/log_data'\n"
                + "IAM_ROLE 'arn:aws:iam::123456789012:role/dwhRole'\n"
                + "FORMAT AS JSON 's3://udacity-dend/log_json_path.json'\n"
                + "TIMEFORMAT 'epochmillisecs'\n"
                + "REGION 'us-west-2'", CopyStatement.redshift(events));
    }

    @Test
    void songsWithAutoAndTheClustersDefaultRole() {
        StagingSource songs = new StagingSource("staging_songs", "s3://udacity-dend/song_data", CopyOptions.auto());
        assertEquals("COPY \"staging_songs\"\n"
                + "FROM 's3://udacity-dend/song_data'\n"
                + "IAM_ROLE default\n"
                + "FORMAT AS JSON 'auto'\n"
                + "TIMEFORMAT 'auto'", CopyStatement.redshift(songs));
    }

    @Test
    void maxErrorCompressionIgnoreCaseAndChainedRoles() {
        StagingSource songs = new StagingSource("staging_songs", "s3://my-bucket/songs/2024/",
                CopyOptions.builder().json(JsonFormat.parse("auto ignorecase")).timeFormat(TimeFormat.EPOCHSECS)
                        .region("eu-central-1").maxError(10).compression(Compression.GZIP)
                        .iamRole("arn:aws:iam::123456789012:role/a,arn:aws:iam::210987654321:role/b").build());
        assertEquals("COPY \"staging_songs\"\n"
                + "FROM 's3://my-bucket/songs/2024/'\n"
                + "IAM_ROLE 'arn:aws:iam::123456789012:role/a,arn:aws:iam::210987654321:role/b'\n"
                + "FORMAT AS JSON 'auto ignorecase'\n"
                + "TIMEFORMAT 'epochsecs'\n"
                + "REGION 'eu-central-1'\n"
                + "MAXERROR 10\n"
                + "GZIP", CopyStatement.redshift(songs));
    }

    @Test
    void everyOptionHasItsCopyText() {
        StagingSource all = new StagingSource("staging_events", "s3://my-bucket/manifests/events.manifest",
                everyOption().build());
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
                + "STATUPDATE ON", CopyStatement.redshift(all));
    }

    @Test
    void theEmulationIsDescribedByTheSameTextWithLocalLocations() {
        StagingSource local = new StagingSource("staging_events", "/data/log's", everyOption()
                .json(JsonFormat.parse("classpath:sparkfy-dw/log_json_path.json")).build());
        StagingSource s3 = new StagingSource("staging_events", "s3://my-bucket/manifests/events.manifest",
                everyOption().build());
        String emulated = CopyStatement.emulated(local);
        assertEquals("COPY \"staging_events\"\n"
                + "FROM '/data/log''s'\n"
                + "IAM_ROLE 'arn:aws:iam::123456789012:role/dwhRole'\n"
                + "FORMAT AS JSON 'classpath:sparkfy-dw/log_json_path.json'", emulated.substring(0,
                emulated.indexOf("\nTIMEFORMAT")));
        assertEquals(CopyStatement.redshift(s3), CopyStatement.emulated(s3), "one renderer for both targets");
        assertEquals(CopyStatement.redshift(s3).substring(CopyStatement.redshift(s3).indexOf("FORMAT AS JSON"))
                .replace('\n', ' '), CopyStatement.options(s3));
    }

    @Test
    void aBackslashOrAQuoteAsTheReplacementCharacterIsAWholeLiteral() {
        // A backslash escapes in a Redshift literal: '\' never ends. Doubled, as QUOTE_LITERAL does, it is one.
        assertEquals("ACCEPTINVCHARS AS '\\\\'", acceptInvChars("\\"));
        assertEquals("ACCEPTINVCHARS AS ''''", acceptInvChars("'"));
        assertEquals("ACCEPTINVCHARS AS '?'", acceptInvChars("?"));
        assertEquals("'\\\\'", CopyValues.quote("\\"));
        assertEquals("'a\\\\''b'", CopyValues.quote("a\\'b"));
    }

    @Test
    void theEmulatedTextQuotesLocalPathsTheSameWay() {
        StagingSource windows = new StagingSource("staging_songs", "C:\\data\\song's", CopyOptions.auto());
        assertTrue(CopyStatement.emulated(windows).contains("FROM 'C:\\\\data\\\\song''s'\n"),
                CopyStatement.emulated(windows));
        LoadLedger ledger = new LoadLedger("sparkfy_dw_loaded_files", Reload.NEW);
        assertTrue(ledger.plan("staging_songs", "C:\\data\\song's").get(0)
                .contains("source_location = 'C:\\\\data\\\\song''s' AND"), ledger.plan("staging_songs", "x").get(0));
    }

    private static String acceptInvChars(String replacement) {
        String copy = CopyStatement.redshift(new StagingSource("staging_events", "s3://b-1/log_data",
                CopyOptions.builder().acceptInvChars(replacement).build()));
        return copy.substring(copy.indexOf("ACCEPTINVCHARS"));
    }

    private static CopyOptions.Builder everyOption() {
        return CopyOptions.builder().json(JsonFormat.parse("s3://my-bucket/paths.json"))
                .timeFormat(TimeFormat.time("YYYY-MM-DD HH24:MI:SS")).dateFormat(TimeFormat.date("MM/DD/YYYY"))
                .region("us-east-2").maxError(5).compression(Compression.ZSTD).blanksAsNull(true).emptyAsNull(true)
                .truncateColumns(true).acceptInvChars("^").manifest(true).compUpdate("off").statUpdate("ON")
                .iamRole(ROLE);
    }

    @Test
    void badOptionValuesAreRefusedByName() {
        assertTrue(message(() -> TimeFormat.time("YYYY-QQ")).contains("TIMEFORMAT 'YYYY-QQ'"));
        assertTrue(message(() -> Compression.parse("lz4")).contains("compression 'lz4'"));
        assertTrue(message(() -> CopyOptions.builder().acceptInvChars("''").build()).contains("ACCEPTINVCHARS"));
        assertTrue(message(() -> CopyOptions.builder().compUpdate("maybe").build()).contains("COMPUPDATE"));
        assertTrue(message(() -> CopyOptions.builder().maxError(-1).build()).contains("MAXERROR"));
    }

    @Test
    void theLoaderPlansADeleteThenTheCopy() {
        StagingSource songs = new StagingSource("staging_songs", "s3://b-1/x", CopyOptions.auto());
        List<String> plan = new RedshiftCopyLoader().plan(songs, LoadLedger.none());
        assertEquals("DELETE FROM \"staging_songs\"", plan.get(0));
        assertTrue(plan.get(1).startsWith("COPY \"staging_songs\"\nFROM 's3://b-1/x'"));
    }

    @Test
    void hostileValuesAreRefusedBeforeAnySql() {
        StagingSource songs = new StagingSource("staging_songs", "s3://udacity-dend/song_data", CopyOptions.auto());
        // the role is a COPY option: refused when the options are built, before any warehouse is opened
        assertEquals("sparkfy.iamRole: 'arn:aws:iam::1:role/x' ; drop table users; --' is not valid: expected "
                + "arn:aws:iam::<12-digit account>:role/<name>",
                message(() -> CopyOptions.builder().iamRole("arn:aws:iam::1:role/x' ; drop table users; --").build()));
        assertTrue(message(() -> CopyOptions.builder().iamRole("arn:aws:iam::123456789012:role/x' --").build())
                .contains("is not valid"));
        assertTrue(message(() -> CopyStatement.redshift(new StagingSource("staging_songs",
                "s3://udacity-dend/x'; drop table users; --", CopyOptions.auto())))
                .contains("the key has a character COPY text cannot carry safely"));
        assertTrue(message(() -> CopyStatement.redshift(new StagingSource("staging_songs",
                "s3://Bad_Bucket/x", CopyOptions.auto()))).contains("not a valid bucket name"));
        assertTrue(message(() -> CopyStatement.redshift(new StagingSource("staging_songs",
                "/local/folder", CopyOptions.auto()))).contains("Redshift COPY reads from S3"));
        assertTrue(message(() -> CopyStatement.redshift(new StagingSource("staging_songs", "s3://b-1/x",
                CopyOptions.builder().region("us-west-2'; --").build())))
                .startsWith("sparkfy.region: "));
        assertTrue(message(() -> CopyStatement.redshift(new StagingSource("staging_events", "s3://b-1/x",
                CopyOptions.jsonPaths("classpath:sparkfy-dw/log_json_path.json", TimeFormat.EPOCHMILLISECS))))
                .contains("Redshift reads the JSONPaths file from S3"));
        assertTrue(message(() -> CopyStatement.redshift(new StagingSource("staging_songs\"; drop", "s3://b-1/x",
                CopyOptions.auto()))).contains("not a valid table or column name"));
    }

    private static String message(org.junit.jupiter.api.function.Executable executable) {
        return assertThrows(SparkfyException.class, executable).getMessage();
    }
}
