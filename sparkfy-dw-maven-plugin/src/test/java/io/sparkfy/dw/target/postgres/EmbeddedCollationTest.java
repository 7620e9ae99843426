package io.sparkfy.dw.target.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new embedded warehouse orders text as Redshift does, by its bytes (upper case before lower, accented letters
 * after every ASCII one), whatever the locale of the machine that created it.
 */
class EmbeddedCollationTest {

    @TempDir
    Path temp;

    @Test
    void textSortsByItsBytesAsOnRedshift() {
        try (EmbeddedWarehouse dw = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog())) {
            assertEquals("C", dw.string("SELECT datcollate FROM pg_database WHERE datname = current_database()"));
            assertEquals("B,Z,_,a,b,é", dw.string("SELECT string_agg(v, ',' ORDER BY v)"
                    + " FROM (VALUES ('b'), ('é'), ('_'), ('a'), ('Z'), ('B')) t(v)"));
        }
    }
}
