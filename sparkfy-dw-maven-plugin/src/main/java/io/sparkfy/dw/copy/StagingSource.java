package io.sparkfy.dw.copy;

import java.util.Objects;

/** What fills one staging table: where the JSON is, and the COPY options that read it. */
public record StagingSource(String table, String location, CopyOptions options) {

    public StagingSource {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(options, "options");
    }
}
