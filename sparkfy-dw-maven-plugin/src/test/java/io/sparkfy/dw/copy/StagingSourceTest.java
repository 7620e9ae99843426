package io.sparkfy.dw.copy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.convert.TimeFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JSONPaths file that a COPY of the data location would read as data is refused when the source is made, before
 * any target is chosen: Redshift would read it as a data file, so the emulation must not quietly skip it.
 */
class StagingSourceTest {

    @TempDir
    Path temp;

    private static CopyOptions paths(String jsonPaths) {
        return CopyOptions.jsonPaths(jsonPaths, TimeFormat.EPOCHMILLISECS);
    }

    private static SparkfyException refused(String location, String jsonPaths) {
        return assertThrows(SparkfyException.class,
                () -> new StagingSource("staging_events", location, paths(jsonPaths)));
    }

    @Test
    void aJsonPathsKeyUnderTheDataPrefixIsRefused() {
        SparkfyException e = refused("s3://udacity-dend/log_data", "s3://udacity-dend/log_data/log_json_path.json");
        assertEquals("staging_events: the JSONPaths location s3://udacity-dend/log_data/log_json_path.json lies"
                + " under the data location s3://udacity-dend/log_data, so Redshift's COPY would read the JSONPaths"
                + " file as a data file and fail; move it out of that prefix (any key starting with it is data) and"
                + " point the JSONPaths location at its new place", e.getMessage());
        // COPY's prefix is a key prefix, not a folder: a sibling key that starts with it is data too.
        refused("s3://udacity-dend/log_data", "s3://udacity-dend/log_data_jsonpaths.json");
        refused("s3://udacity-dend/", "s3://udacity-dend/log_json_path.json");
        refused("S3://udacity-dend/log_data/", "s3://udacity-dend/log_data/paths.json");
    }

    @Test
    void aJsonPathsFileOutsideThePrefixOrWithAManifestIsAccepted() {
        assertDoesNotThrow(() -> new StagingSource("staging_events", "s3://udacity-dend/log_data/",
                paths("s3://udacity-dend/log_json_path.json")));
        assertDoesNotThrow(() -> new StagingSource("staging_events", "s3://udacity-dend/log_data",
                paths("s3://other-bucket/log_data/log_json_path.json")));
        assertDoesNotThrow(() -> new StagingSource("staging_events", "s3://udacity-dend/log_data",
                paths("classpath:sparkfy-dw/log_json_path.json")));
        // With a manifest, COPY reads only the files the manifest lists.
        assertDoesNotThrow(() -> new StagingSource("staging_events", "s3://udacity-dend/log_data/events.manifest",
                CopyOptions.builder().json(JsonFormat.parse("s3://udacity-dend/log_data/paths.json"))
                        .manifest(true).build()));
        assertDoesNotThrow(() -> new StagingSource("staging_songs", "s3://udacity-dend/song_data",
                CopyOptions.auto()));
    }

    @Test
    void aLocalJsonPathsFileInsideTheDataFolderIsRefusedInEveryForm() throws Exception {
        Path logs = Files.createDirectories(temp.resolve("log_data/2018"));
        Path inside = Files.writeString(temp.resolve("log_data/paths.json"), "{\"jsonpaths\":[]}");
        Path beside = Files.writeString(temp.resolve("log_data_paths.json"), "{\"jsonpaths\":[]}");
        String folder = temp.resolve("log_data").toString();

        SparkfyException e = refused(folder, inside.toString());
        assertEquals("staging_events: the JSONPaths location " + inside + " lies under the data location " + folder
                + ", so Redshift's COPY would read the JSONPaths file as a data file and fail; move it out of that"
                + " folder and point the JSONPaths location at its new place", e.getMessage());
        refused(temp.resolve("log_data").toUri().toString(), inside.toString()); // a file: URI for the folder
        refused(folder, temp.resolve("log_data/2018/../paths.json").toString());
        refused(inside.toString(), inside.toUri().toString()); // the one data file is the JSONPaths file
        Path link = Files.createSymbolicLink(temp.resolve("link"), temp.resolve("log_data"));
        refused(link.toString(), inside.toString());

        // Locally a folder is not a prefix: a file beside it whose name starts with the folder's is not inside.
        assertDoesNotThrow(() -> new StagingSource("staging_events", folder, paths(beside.toString())));
        assertDoesNotThrow(() -> new StagingSource("staging_events", logs.toString(), paths(inside.toString())));
    }

    @Test
    void theCheckNamesTheSettingsItIsGiven() {
        SparkfyException e = assertThrows(SparkfyException.class, () -> StagingSource.checkJsonPathsOutsideData(
                "staging_events", "s3://b-1/log_data", paths("s3://b-1/log_data/p.json"),
                "sparkfy.logData (<events><location>)", "sparkfy.logJsonPaths (<events><json>)"));
        assertEquals("staging_events: sparkfy.logJsonPaths (<events><json>) s3://b-1/log_data/p.json lies under"
                + " sparkfy.logData (<events><location>) s3://b-1/log_data, so Redshift's COPY would read the"
                + " JSONPaths file as a data file and fail; move it out of that prefix (any key starting with it is"
                + " data) and point sparkfy.logJsonPaths (<events><json>) at its new place", e.getMessage());
    }
}
