package io.sparkfy.dw.target.redshift;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyStatement;
import io.sparkfy.dw.copy.LoadLedger;
import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.copy.StagingLoader;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.schema.Identifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Staging on Redshift: the cluster reads S3 itself through a native COPY. DELETE rather than TRUNCATE empties the
 * table, because Redshift's TRUNCATE commits the transaction: with DELETE, a failed COPY rolls back to the
 * previous content.
 */
public final class RedshiftCopyLoader implements StagingLoader {

    @Override
    public List<String> plan(StagingSource source, LoadLedger ledger) {
        return plan(source);
    }

    private List<String> plan(StagingSource source) {
        return List.of("DELETE FROM " + Identifiers.quote(source.table()), CopyStatement.redshift(source));
    }

    @Override
    public List<LoadStats> load(Connection connection, List<StagingSource> sources, LoadLedger ledger, Log log) {
        for (StagingSource source : sources) {
            plan(source); // validates every inlined value before anything is sent
        }
        long started = System.nanoTime(); // each table's time counts from here, as LoadStats says
        List<LoadStats> stats = new ArrayList<>();
        for (StagingSource source : sources) {
            stats.add(load(connection, source, ledger, log, started));
        }
        return stats;
    }

    private LoadStats load(Connection connection, StagingSource source, LoadLedger ledger, Log log, long started) {
        List<String> statements = plan(source);
        log.info(source.table() + ": COPY from " + source.location() + " on the cluster");
        if (ledger.enabled() && !ledger.reload().all()) {
            log.info(source.table() + ": no manifest prefix (sparkfy.manifestPrefix), so Redshift cannot be given only"
                    + " the new objects: a full reload of every object under " + source.location());
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
            long rows;
            try (ResultSet rs = statement.executeQuery("SELECT pg_last_copy_count()")) {
                rows = rs.next() ? rs.getLong(1) : -1;
            }
            return new LoadStats(source.table(), -1, rows, -1, System.nanoTime() - started);
        } catch (SQLException e) {
            throw new SparkfyException(source.table() + ": the COPY failed on Redshift, staging is unchanged: "
                    + e.getMessage() + (e.getMessage() != null && e.getMessage().contains("stl_load_errors")
                    ? "" : " (details: SELECT * FROM stl_load_errors ORDER BY starttime DESC)"), e);
        }
    }
}
