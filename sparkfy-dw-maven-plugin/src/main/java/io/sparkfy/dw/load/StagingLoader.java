package io.sparkfy.dw.load;

import io.sparkfy.dw.Log;
import java.sql.Connection;
import java.util.List;

/**
 * Replaces the content of one staging table with what its source holds, inside the caller's transaction (so a
 * failure leaves the table as it was once the caller rolls back). One implementation per warehouse target.
 */
public interface StagingLoader {

    LoadStats load(Connection connection, StagingSource source, Log log);

    /** The SQL the load would run, for a dry run: connects to nothing and reads no data. */
    List<String> plan(StagingSource source);
}
