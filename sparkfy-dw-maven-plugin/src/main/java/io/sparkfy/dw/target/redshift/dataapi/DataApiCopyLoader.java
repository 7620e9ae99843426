package io.sparkfy.dw.target.redshift.dataapi;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyStatement;
import io.sparkfy.dw.copy.LoadLedger;
import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.copy.StagingLoader;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.schema.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Staging through the Data API: the same DELETE and native COPY as through JDBC (the cluster reads S3 itself),
 * sent with the goal's other writes as one batch at the commit. Each table's rows are the COPY's count in that
 * batch, known once it committed ({@link #committed}). Every load is a full reload of the location: the ledger's
 * per-file rows need {@code stl_load_commits} read back inside the transaction, which a batch cannot do.
 */
final class DataApiCopyLoader implements StagingLoader {

    private final Map<String, LongSupplier> copied = new LinkedHashMap<>();
    private long started;
    private long committedAt;

    @Override
    public List<String> plan(StagingSource source, LoadLedger ledger) {
        return statements(source);
    }

    private static List<String> statements(StagingSource source) {
        return List.of("DELETE FROM " + Identifiers.quote(source.table()), CopyStatement.redshift(source));
    }

    @Override
    public List<LoadStats> load(Connection connection, List<StagingSource> sources, LoadLedger ledger, Log log) {
        List<List<String>> all = new ArrayList<>();
        for (StagingSource source : sources) {
            all.add(statements(source)); // validates every inlined value before anything is queued
        }
        DataApiConnection api = DataApiConnection.of(connection);
        started = System.nanoTime();
        List<LoadStats> stats = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            StagingSource source = sources.get(i);
            log.info(source.table() + ": COPY from " + source.location() + " on the cluster, sent through the Data"
                    + " API with the goal's other statements at its commit");
            if (ledger.enabled() && !ledger.reload().all()) {
                log.info(source.table() + ": through the Data API every load is a full reload of every object under "
                        + source.location() + " (the load ledger is not written)");
            }
            try {
                api.write(all.get(i).get(0), null);
                copied.put(source.table(), api.write(all.get(i).get(1), source.table()
                        + ": the COPY failed on Redshift, staging is unchanged"));
            } catch (SQLException e) {
                throw new SparkfyException(source.table() + ": the COPY failed on Redshift, staging is unchanged: "
                        + e.getMessage(), e);
            }
            stats.add(new LoadStats(source.table(), -1, 0, -1, 0));
        }
        return stats;
    }

    /** The COPYs' rows from the committed batch, each table's time counted to the commit. */
    @Override
    public List<LoadStats> committed(List<LoadStats> stats) {
        if (committedAt == 0) {
            committedAt = System.nanoTime();
        }
        List<LoadStats> counted = new ArrayList<>();
        for (LoadStats s : stats) {
            LongSupplier rows = copied.get(s.table());
            counted.add(rows == null || !s.changed() ? s : new LoadStats(s.table(), s.files(), rows.getAsLong(),
                    s.bytes(), committedAt - started, s.rejected(), null));
        }
        return counted;
    }
}
