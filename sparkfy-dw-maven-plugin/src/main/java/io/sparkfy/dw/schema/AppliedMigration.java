package io.sparkfy.dw.schema;

import java.sql.Timestamp;

/** A row of the schema history table. */
public record AppliedMigration(int rank, int version, String description, String script, long checksum,
                               String installedBy, Timestamp installedOn, int executionTimeMs, boolean success) {

    /** The description of the row that takes tables from before schema history as version 1. */
    static final String BASELINE = "<< baseline: the tables existed >>";

    /** Tables that existed before history: no script ran, so there is no checksum to compare. */
    boolean baseline() {
        return description.startsWith("<< baseline");
    }
}
