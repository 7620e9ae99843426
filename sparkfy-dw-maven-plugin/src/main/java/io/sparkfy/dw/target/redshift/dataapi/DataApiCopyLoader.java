package io.sparkfy.dw.target.redshift.dataapi;

import static io.sparkfy.dw.target.redshift.RedshiftCopyLoader.copyFailed;
import static io.sparkfy.dw.target.redshift.RedshiftCopyLoader.fullReload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.sparkfy.dw.Log;
import io.sparkfy.dw.Plural;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.CopyStatement;
import io.sparkfy.dw.copy.CopyValues;
import io.sparkfy.dw.copy.LoadLedger;
import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.copy.StagingLoader;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.schema.Identifiers;
import io.sparkfy.dw.source.SourceObject;
import io.sparkfy.dw.target.redshift.ManifestLoads;
import io.sparkfy.dw.target.redshift.RedshiftCopyLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Staging through the Data API: the same DELETE and native COPY as through JDBC (the cluster reads S3 itself),
 * sent with the goal's other writes as one batch at the commit. Each table's rows are the COPY's count in that
 * batch, known once it committed ({@link #committed}).
 *
 * <p>Without a manifest prefix every load is a full reload of the location. With one, as through JDBC, the ledger
 * is read and the location listed first (a batch cannot read once a write waits), and the manifest of the new
 * objects is written to S3. A batch takes no parameters and reads nothing back before it commits, so the ledger's
 * rows are written by SQL in the batch itself: the plugin writes the list of the new objects beside the manifest,
 * one JSON object per line, the batch COPYs it into a temporary table before the staging COPY, and after that COPY
 * one INSERT joins it to the COPY's {@code stl_load_commits} and {@code stl_load_errors} rows, which give each
 * file's rows (with none, as on Serverless, the COPY's total goes on the first file, as through JDBC). However many
 * objects are new, that is six or seven statements per table (seven when some are loaded again).
 */
final class DataApiCopyLoader implements StagingLoader {

    /** The temporary table of the objects a table's batch loads; dropped in the batch once the ledger has them. */
    private static final String FILES = "sparkfy_dw_new_files";
    /** Its columns, the keys of each line of the list written beside the manifest. */
    private static final String FILES_TABLE = "CREATE TEMP TABLE " + FILES + " (url VARCHAR(2048), object_key"
            + " VARCHAR(1024), object_size BIGINT, object_version VARCHAR(128), nth INTEGER)";
    private static final JsonFactory JSON = new JsonFactory();

    /** Null: every load is a full reload. */
    private final ManifestLoads manifests;
    private final Map<String, LongSupplier> copied = new LinkedHashMap<>();
    private long started;
    private long committedAt;

    DataApiCopyLoader(ManifestLoads manifests) {
        this.manifests = manifests;
    }

    @Override
    public List<String> plan(StagingSource source, LoadLedger ledger) {
        if (manifests == null) {
            return fullReload(source);
        }
        String manifest = manifests.manifestUrl(source, ledger);
        String files = manifests.url(source, ledger, ".files");
        List<String> plan = new ArrayList<>();
        // a batch with an object loaded again, so that the plan shows the ledger's DELETE too
        for (String sql : newObjects(source, ledger, manifest, files, new LoadLedger.Batch(List.of(), 0,
                Set.of("<objects loaded again>"))).sql()) {
            plan.add(sql.startsWith("DELETE FROM " + ledger.quotedTable()) ? "-- when some of them were loaded"
                    + " before\n" + sql : sql);
        }
        plan.set(0, "-- " + source.table() + ": before the batch, the ledger is read and " + source.location()
                + " listed with the build's S3 credentials; the new objects' manifest is written to\n-- " + manifest
                + "\n-- and their list, one line each ({\"url\":\"s3://<bucket>/<object>\",\"object_key\":..."
                + ",\"object_size\":...,\"object_version\":...,\"nth\":...}), to\n-- " + files
                + "\n-- (a dry run connects to nothing, so it reads neither the ledger nor the listing, and writes"
                + " neither file); with nothing new, nothing below is sent\n" + plan.get(0));
        return plan;
    }

    @Override
    public List<LoadStats> load(Connection connection, List<StagingSource> sources, LoadLedger ledger, Log log) {
        for (StagingSource source : sources) {
            fullReload(source); // validates every inlined value before anything is queued or written
            if (manifests != null) {
                ManifestLoads.manifestCopy(source, manifests.manifestUrl(source, ledger));
            }
        }
        DataApiConnection api = DataApiConnection.of(connection);
        started = System.nanoTime();
        return manifests == null ? loadAll(api, sources, ledger, log) : loadNew(connection, api, sources, ledger, log);
    }

    private List<LoadStats> loadAll(DataApiConnection api, List<StagingSource> sources, LoadLedger ledger, Log log) {
        List<LoadStats> stats = new ArrayList<>();
        for (StagingSource source : sources) {
            log.info(source.table() + ": COPY from " + source.location() + " on the cluster, sent through the Data"
                    + " API with the goal's other statements at its commit");
            if (ledger.enabled() && !ledger.reload().all()) {
                log.info(RedshiftCopyLoader.noManifestPrefix(source));
            }
            // the DELETE, then the COPY, whose rows the stats report
            copied.put(source.table(), queue(api, fullReload(source), Map.of(1, copyFailed(source))).get(1));
            stats.add(new LoadStats(source.table(), -1, 0, -1, 0));
        }
        return stats;
    }

    /** Every table's ledger and listing read first, then each table with new objects queued as a whole. */
    private List<LoadStats> loadNew(Connection connection, DataApiConnection api, List<StagingSource> sources,
                                    LoadLedger ledger, Log log) {
        List<LoadLedger.Batch> batches = new ArrayList<>();
        for (StagingSource source : sources) {
            batches.add(manifests.select(connection, source, ledger, log));
        }
        List<LoadStats> stats = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            StagingSource source = sources.get(i);
            LoadLedger.Batch batch = batches.get(i);
            if (batch.nothingNew()) {
                stats.add(LoadStats.unchanged(source.table(), LoadLedger.nothingNew(source.table(), source.location(),
                        batch), System.nanoTime() - started));
                continue;
            }
            String manifest = manifests.manifestUrl(source, ledger);
            long bytes = manifests.writeManifest(source, batch, manifest);
            String files = manifests.url(source, ledger, ".files");
            manifests.write(source, files, list(batch), "application/x-ndjson");
            log.info(String.format("%s: COPY of %s (%.1f MB) from %s on the cluster, through %s, sent through the"
                    + " Data API with the goal's other statements at its commit", source.table(),
                    Plural.of(batch.objects().size(), "new object"), bytes / 1e6, source.location(), manifest));
            TableBatch statements = newObjects(source, ledger, manifest, files, batch);
            copied.put(source.table(), queue(api, statements.sql(), statements.failures()).get(statements.copy()));
            stats.add(new LoadStats(source.table(), batch.objects().size(), 0, bytes, 0));
        }
        return stats;
    }

    /**
     * The batch's statements for a table's new objects: their list into {@link #FILES}, staging replaced through the
     * manifest, and the ledger's rows from the list and the COPY's system-table rows, before the next COPY.
     */
    private static TableBatch newObjects(StagingSource source, LoadLedger ledger, String manifest, String files,
                                         LoadLedger.Batch batch) {
        CopyOptions options = source.options();
        CopyOptions list = CopyOptions.builder().iamRole(options.iamRole()).region(options.region()).build();
        List<String> sql = new ArrayList<>();
        Map<Integer, String> failures = new HashMap<>();
        sql.add(FILES_TABLE);
        failures.put(sql.size(), source.table() + ": the list of its new objects could not be read from " + files
                + ", staging and the ledger are unchanged");
        sql.add(CopyStatement.redshift(new StagingSource(FILES, files, list)));
        sql.add("DELETE FROM " + Identifiers.quote(source.table()));
        int copy = sql.size();
        failures.put(copy, copyFailed(source));
        sql.add(ManifestLoads.manifestCopy(source, manifest));
        String delete = ledger.replacedRowsDelete(source.table(), source.location(), batch, FILES);
        if (delete != null) {
            sql.add(delete);
        }
        if (ledger.enabled()) {
            sql.add(ledgerRows(source, ledger));
        }
        sql.add("DROP TABLE " + FILES);
        return new TableBatch(sql, failures, copy);
    }

    /** A table's statements in the batch, what the failure of each that can fail its own way means, its COPY's. */
    private record TableBatch(List<String> sql, Map<Integer, String> failures, int copy) {
    }

    /**
     * One ledger row per listed object: its rows are those {@code stl_load_commits} gives its URL for the last COPY
     * (a file split over slices has a row per slice), less its rejected records in {@code stl_load_errors}.
     */
    private static String ledgerRows(StagingSource source, LoadLedger ledger) {
        String copy = "WHERE query = pg_last_copy_id()";
        return "INSERT INTO " + ledger.quotedTable() + " (" + String.join(", ", LoadLedger.COLUMN_NAMES) + ")\n"
                + "SELECT " + CopyValues.quote(source.table()) + ", " + CopyValues.quote(source.location())
                + ", f.object_key, f.object_size, f.object_version,\n"
                + "       CASE WHEN k.slices = 0 THEN CASE WHEN f.nth = 1 THEN GREATEST(0, pg_last_copy_count()) ELSE 0"
                + " END\n"
                + "            ELSE GREATEST(0, COALESCE(c.scanned, 0) - COALESCE(e.rejected, 0)) END,\n"
                + "       COALESCE(e.rejected, 0), " + CopyValues.quote(ledger.runId()) + ", CAST("
                + CopyValues.quote(ledger.loadedAt().toString()) + " AS TIMESTAMP)\n"
                + "FROM " + FILES + " f\n"
                + "CROSS JOIN (SELECT COUNT(*) AS slices FROM stl_load_commits " + copy + ") k\n"
                + "LEFT JOIN (SELECT TRIM(filename) AS url, SUM(lines_scanned) AS scanned FROM stl_load_commits " + copy
                + " GROUP BY 1) c ON c.url = f.url\n"
                + "LEFT JOIN (SELECT TRIM(filename) AS url, COUNT(*) AS rejected FROM stl_load_errors " + copy
                + " GROUP BY 1) e ON e.url = f.url";
    }

    /** The batch's objects, one JSON object per line, in load order. */
    private static byte[] list(LoadLedger.Batch batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.setRootValueSeparator(new SerializedString("\n"));
            int nth = 0;
            for (SourceObject object : batch.objects()) {
                json.writeStartObject();
                json.writeStringField("url", object.name());
                json.writeStringField("object_key", object.relativeName());
                json.writeNumberField("object_size", Math.max(0, object.size()));
                json.writeStringField("object_version", object.version());
                json.writeNumberField("nth", ++nth);
                json.writeEndObject();
            }
            json.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Queues a table's statements, each that can fail in a way of its own with what its failure means; the rows
     * each will have written, known once the batch committed.
     */
    private static List<LongSupplier> queue(DataApiConnection api, List<String> statements,
                                            Map<Integer, String> failures) {
        List<LongSupplier> rows = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            try {
                rows.add(api.write(statements.get(i), failures.get(i)));
            } catch (SQLException e) {
                throw new SparkfyException(failures.getOrDefault(i, "load-stg failed, nothing was changed") + ": "
                        + e.getMessage(), e);
            }
        }
        return rows;
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
