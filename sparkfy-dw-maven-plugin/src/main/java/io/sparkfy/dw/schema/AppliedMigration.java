package io.sparkfy.dw.schema;

import java.sql.Timestamp;

/** A row of the schema history table. */
public record AppliedMigration(int rank, int version, String description, String script, long checksum,
                               String installedBy, Timestamp installedOn, int executionTimeMs, boolean success) {
}
