package io.sparkfy.dw.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** dwh.cfg as Python's configparser read it. */
class DwhConfigTest {

    /** The seed's file, in the shapes real copies of it take (quotes or none, = or :, comments, spacing). */
    private static final List<String> SEED = List.of(
            "[CLUSTER]",
            "HOST=dwhcluster.abc123.us-west-2.redshift.amazonaws.com",
            "DB_NAME = 'dwh'",
            "db_user: dwhuser",
            "DB_PASSWORD=\"Passw0rd%%1\"",
            "DB_PORT=5439",
            "",
            "# the role the cluster assumes",
            "[IAM_ROLE]",
            "ARN='arn:aws:iam::123456789012:role/dwhRole'",
            "; S3 sources",
            "[S3]",
            "LOG_DATA='s3://udacity-dend/log_data'",
            "LOG_JSONPATH='s3://udacity-dend/log_json_path.json'",
            "SONG_DATA='s3://udacity-dend/song_data'",
            "",
            "[AWS]",
            "KEY=",
            "SECRET=",
            "",
            "[DWH]",
            "DWH_CLUSTER_TYPE=multi-node",
            "DWH_NUM_NODES=4");

    @Test
    void readsTheSeedFileUnchanged() {
        DwhConfig config = DwhConfig.parse("dwh.cfg", SEED);
        assertEquals("dwh", config.get("CLUSTER", "db_name"));
        assertEquals("dwhuser", config.get("CLUSTER", "DB_USER"), "keys are case-insensitive");
        assertEquals("Passw0rd%1", config.get("CLUSTER", "DB_PASSWORD"), "%% is a percent sign");
        assertEquals("arn:aws:iam::123456789012:role/dwhRole", config.get("IAM_ROLE", "ARN"));
        assertEquals("", config.get("AWS", "KEY"));
        assertNull(config.get("S3", "MISSING"));
        assertNull(config.get("NOPE", "HOST"));
        assertEquals(Map.of(
                "sparkfy.url", "jdbc:redshift://dwhcluster.abc123.us-west-2.redshift.amazonaws.com:5439/dwh",
                "sparkfy.user", "dwhuser",
                "sparkfy.password", "Passw0rd%1",
                "sparkfy.iamRole", "arn:aws:iam::123456789012:role/dwhRole",
                "sparkfy.logData", "s3://udacity-dend/log_data",
                "sparkfy.logJsonPaths", "s3://udacity-dend/log_json_path.json",
                "sparkfy.songData", "s3://udacity-dend/song_data"), config.settings());
    }

    @Test
    void continuationLinesDefaultsAndInterpolation() {
        DwhConfig config = DwhConfig.parse("x.cfg", List.of(
                "[DEFAULT]", "bucket = s3://b", "[S3]", "LOG_DATA = %(bucket)s/logs", "NOTE = first", "  second"));
        assertEquals("s3://b/logs", config.get("S3", "LOG_DATA"));
        assertEquals("first\nsecond", config.get("S3", "note"));
        assertEquals("s3://b", config.get("S3", "bucket"), "DEFAULT values are inherited");
    }

    @Test
    void onlyOnePairOfMatchingQuotesIsStripped() {
        DwhConfig config = DwhConfig.parse("x.cfg", List.of("[A]", "a = ''x''", "b = 'x\"", "c = 'x"));
        assertEquals("'x'", config.get("A", "a"));
        assertEquals("'x\"", config.get("A", "b"));
        assertEquals("'x", config.get("A", "c"));
    }

    @Test
    void errorsNameFileAndLineAndNeverTheValue() {
        assertEquals("dwh.cfg, line 1: a key before any [SECTION] header",
                error(List.of("HOST=x")));
        assertEquals("dwh.cfg, line 2: expected key = value or key: value, found 'just words'",
                error(List.of("[A]", "just words")));
        assertEquals("dwh.cfg, line 3: key 'host' appears twice in its section",
                error(List.of("[A]", "HOST=a", "host=b")));
        assertEquals("dwh.cfg, line 3: section [A] appears twice", error(List.of("[A]", "x=1", "[A]")));
        SparkfyException lone = assertThrows(SparkfyException.class,
                () -> DwhConfig.parse("dwh.cfg", List.of("[CLUSTER]", "DB_PASSWORD=50%Secret")).get("CLUSTER", "DB_PASSWORD"));
        assertTrue(lone.getMessage().contains("lone '%'"), lone.getMessage());
        assertTrue(!lone.getMessage().contains("50%Secret"), "the password is not echoed");
    }

    private static String error(List<String> lines) {
        return assertThrows(SparkfyException.class, () -> DwhConfig.parse("dwh.cfg", lines)).getMessage();
    }
}
