package io.sparkfy.dw.load;

import io.sparkfy.dw.SparkfyException;
import java.util.Objects;

/**
 * The options of one COPY ... JSON, defined once for both targets: the embedded emulation honours them, Redshift
 * gets them as COPY text. {@code region} is the region of the source bucket (null: the default).
 */
public record CopyOptions(JsonFormat json, TimeFormat timeFormat, String region, int maxError, Compression compression) {

    public CopyOptions {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(timeFormat, "timeFormat");
        Objects.requireNonNull(compression, "compression");
        if (maxError < 0 || maxError > 100_000) {
            throw new SparkfyException("MAXERROR must be between 0 and 100000, not " + maxError);
        }
    }

    /** JSON 'auto': top-level keys matched to column names. */
    public static CopyOptions auto() {
        return new CopyOptions(JsonFormat.AUTO, TimeFormat.AUTO, null, 0, Compression.NONE);
    }

    public static CopyOptions jsonPaths(String location, TimeFormat timeFormat) {
        return new CopyOptions(JsonFormat.parse(location), timeFormat, null, 0, Compression.NONE);
    }

    public boolean isAuto() {
        return json.isAuto();
    }

    public String jsonPaths() {
        return json.jsonPaths();
    }
}
