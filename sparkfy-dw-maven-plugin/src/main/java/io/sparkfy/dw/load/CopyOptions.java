package io.sparkfy.dw.load;

import java.util.Objects;

/**
 * The options of one COPY ... JSON, shared by both targets: the emulation honours them, Redshift gets them as
 * COPY text. {@code jsonPaths} is the location of a JSONPaths file, or null for JSON 'auto'.
 */
public record CopyOptions(String jsonPaths, TimeFormat timeFormat) {

    public CopyOptions {
        Objects.requireNonNull(timeFormat, "timeFormat");
    }

    /** JSON 'auto': top-level keys matched to column names. */
    public static CopyOptions auto() {
        return new CopyOptions(null, TimeFormat.AUTO);
    }

    public static CopyOptions jsonPaths(String location, TimeFormat timeFormat) {
        return new CopyOptions(Objects.requireNonNull(location, "location"), timeFormat);
    }

    public boolean isAuto() {
        return jsonPaths == null;
    }
}
