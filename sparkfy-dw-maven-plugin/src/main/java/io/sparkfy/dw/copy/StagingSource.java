package io.sparkfy.dw.copy;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.source.S3Location;
import io.sparkfy.dw.source.Sources;
import java.util.Objects;

/**
 * What fills one staging table: where the JSON is, and the COPY options that read it. A JSONPaths file under the
 * data location is refused here, before anything connects: Redshift's COPY would read it as a data file and fail,
 * so the emulation refuses it too rather than load what Redshift cannot.
 */
public record StagingSource(String table, String location, CopyOptions options) {

    public StagingSource {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(options, "options");
        checkJsonPathsOutsideData(table, location, options, "the data location", "the JSONPaths location");
    }

    /**
     * Fails when a COPY of {@code location} would read the JSONPaths file as data (not with a manifest: COPY then
     * reads only the files it lists). {@code locationSetting} and {@code jsonPathsSetting} name where the two
     * values are configured, for the message.
     */
    public static void checkJsonPathsOutsideData(String table, String location, CopyOptions options,
                                                 String locationSetting, String jsonPathsSetting) {
        if (options.isAuto() || options.manifest() || !Sources.reads(location, options.jsonPaths())) {
            return;
        }
        throw new SparkfyException(table + ": " + jsonPathsSetting + " " + options.jsonPaths() + " lies under "
                + locationSetting + " " + location + ", so Redshift's COPY would read the JSONPaths file as a data"
                + " file and fail; move it out of that " + (S3Location.isS3(location)
                ? "prefix (any key starting with it is data)" : "folder") + " and point " + jsonPathsSetting
                + " at its new place");
    }
}
