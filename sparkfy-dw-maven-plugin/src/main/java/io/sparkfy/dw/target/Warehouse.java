package io.sparkfy.dw.target;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.StagingLoader;
import io.sparkfy.dw.schema.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * One warehouse target. Everything that differs between targets (dialect, connecting, how staging tables are
 * filled) lives behind this interface, one class per target, so the pipeline never asks which target it has.
 */
public interface Warehouse extends AutoCloseable {

    /** Which folder of sparkfy-dw-sql holds this target's SQL. */
    Dialect dialect();

    /** For log lines: what and where, never a secret. */
    String description();

    /** A new connection with auto-commit off; the caller commits or rolls back. */
    Connection connect();

    /** How this target fills the staging tables: the plugin reads the sources, or the warehouse does. */
    StagingLoader stagingLoader();

    /** How this target builds an empty star from staging at once: the fast full build insert-dw takes there. */
    FullBuild fullBuild();

    /**
     * Whether a transaction's writes run only when it commits, as one batch (the Redshift Data API): until then
     * nothing it wrote can be read back, and their row counts ({@link RowCounts}) are known after the commit. The
     * jobs then read before they write, and record a run in a short transaction of its own after the commit.
     */
    default boolean batchesWrites() {
        return false;
    }

    /**
     * Ctrl-C: ends what {@code connection} runs now and drops it, so that its transaction rolls back at once and
     * the goal's statement fails; from another thread, never throws. A target whose driver can cancel the running
     * statement does that first: a server that only sees the connection drop ends a statement waiting on a lock
     * when the lock is granted.
     */
    default void abort(Connection connection) {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            // closed already, or a transport without abort: the goal's interrupt alone ends it
        }
    }

    /** Takes the warehouse lock for one goal, waiting at most {@code timeout}; close it when the goal ends. */
    WarehouseLock lock(Duration timeout, String goal, Log log);

    /**
     * Offers this warehouse to other tools on this machine until the result is closed: a read-only login, whose
     * password is {@code readerPassword}, that may SELECT from {@code readableTables} and nothing else. Only the
     * embedded warehouse can: an external one is a server of its own, to connect to directly.
     */
    default Serving serve(String readerPassword, List<String> readableTables, Log log) {
        throw new SparkfyException("serve runs the embedded warehouse (no sparkfy.url); " + description()
                + " is a server of its own: connect your tools to it directly");
    }

    @Override
    void close();
}
