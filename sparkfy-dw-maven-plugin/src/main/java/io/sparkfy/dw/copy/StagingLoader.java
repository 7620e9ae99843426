package io.sparkfy.dw.copy;

import io.sparkfy.dw.Log;
import java.sql.Connection;
import java.util.List;

/**
 * Replaces the content of staging tables with what is new in their sources, inside the caller's transaction (so a
 * failure leaves every table as it was once the caller rolls back). One implementation per warehouse target.
 */
public interface StagingLoader {

    /**
     * Loads the tables in the order given; one summary per table, in that order. Each table takes the objects
     * {@code ledger} selects (what is new, or what its reload names) and the ledger records them in the same
     * transaction; a table with nothing new is left as it is.
     */
    List<LoadStats> load(Connection connection, List<StagingSource> sources, LoadLedger ledger, Log log);

    /**
     * The load's summaries once its transaction committed. A target that learns its COPY's rows only at the commit
     * (the Redshift Data API's one batch) fills them in here; the others return {@code stats} as they are.
     */
    default List<LoadStats> committed(List<LoadStats> stats) {
        return stats;
    }

    /** The SQL the load would run, for a dry run: connects to nothing and reads no data. */
    List<String> plan(StagingSource source, LoadLedger ledger);
}
