package io.sparkfy.dw.target.redshift;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.Plural;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyStatement;
import io.sparkfy.dw.copy.LoadLedger;
import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.copy.StagingLoader;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.schema.Identifiers;
import io.sparkfy.dw.source.S3Location;
import io.sparkfy.dw.source.SourceObject;
import io.sparkfy.dw.source.Sources;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Staging on Redshift: the cluster reads S3 itself through a native COPY. DELETE rather than TRUNCATE empties the
 * table, because Redshift's TRUNCATE commits the transaction: with DELETE, a failed COPY rolls back to the
 * previous content.
 *
 * <p>Without a manifest prefix, each table is replaced by every object under its location (COPY of the prefix),
 * and the ledger is not written. With one, the plugin lists the location with the build's S3 credentials, the
 * {@link LoadLedger} selects what is new (the same rules as the emulation), the manifest of exactly those objects is
 * written to {@code <prefix><table>-<run id>.manifest}, and {@code COPY ... FROM '<manifest>' ... MANIFEST} loads
 * them; the ledger's rows go into the COPY's transaction, with each file's rows from {@code stl_load_commits}. A
 * table with nothing new is not touched and gets no manifest. Manifests stay on S3 after the load (a record of what
 * each run handed the cluster; a failed load leaves its manifest, which no later run reuses).
 */
public final class RedshiftCopyLoader implements StagingLoader {

    /** Rows per file of the last COPY, as AWS documents; a file split across slices has one row per slice. */
    static final String ROWS_PER_FILE = "SELECT TRIM(filename), SUM(lines_scanned) FROM stl_load_commits"
            + " WHERE query = pg_last_copy_id() GROUP BY 1";
    /** Records skipped under MAXERROR, per file, of the last COPY. */
    static final String REJECTED_PER_FILE = "SELECT TRIM(filename), COUNT(*) FROM stl_load_errors"
            + " WHERE query = pg_last_copy_id() GROUP BY 1";

    /** Null: every load is a full reload. */
    private final ManifestLoads manifests;

    /** Every load a full reload, as before the ledger. */
    public RedshiftCopyLoader() {
        this(Sources.local(), null);
    }

    /** {@code manifestPrefix} null: every load is a full reload, as before the ledger. */
    public RedshiftCopyLoader(Sources sources, S3Location manifestPrefix) {
        this.manifests = manifestPrefix == null ? null : new ManifestLoads(sources, manifestPrefix);
    }

    @Override
    public List<String> plan(StagingSource source, LoadLedger ledger) {
        if (manifests == null) {
            return fullReload(source);
        }
        String url = manifests.manifestUrl(source, ledger);
        List<String> plan = new ArrayList<>();
        plan.add("-- " + source.table() + ": the plugin lists " + source.location() + " with the build's S3"
                + " credentials, and the ledger picks the new objects; their manifest is written to\n-- " + url
                + " at load time as\n-- {\"entries\":[\n--   {\"url\":\"s3://<bucket>/<each new object>\",\"mandatory\":true,"
                + "\"meta\":{\"content_length\":<its size>}}\n-- ]}\n-- (a dry run connects to nothing, so it reads"
                + " neither the ledger nor the listing, and writes no manifest); with nothing new, nothing below runs\n"
                + "DELETE FROM " + Identifiers.quote(source.table()));
        plan.add(ManifestLoads.manifestCopy(source, url));
        plan.add("-- each file's rows, for the ledger\n" + ROWS_PER_FILE);
        plan.add(REJECTED_PER_FILE);
        plan.addAll(ledger.plan(source.table(), source.location()));
        return plan;
    }

    /** A table replaced by every object under its location: the DELETE, then the COPY (which reads them all). */
    public static List<String> fullReload(StagingSource source) {
        return List.of("DELETE FROM " + Identifiers.quote(source.table()), CopyStatement.redshift(source));
    }

    /** Why a load with a ledger reloads everything: Redshift can only be told which objects through a manifest. */
    public static String noManifestPrefix(StagingSource source) {
        return source.table() + ": no manifest prefix (sparkfy.manifestPrefix), so Redshift cannot be given only the"
                + " new objects: a full reload of every object under " + source.location();
    }

    /** What a failed staging COPY means, before the cluster's own words. */
    public static String copyFailed(StagingSource source) {
        return source.table() + ": the COPY failed on Redshift, staging is unchanged";
    }

    @Override
    public List<LoadStats> load(Connection connection, List<StagingSource> sources, LoadLedger ledger, Log log) {
        for (StagingSource source : sources) {
            fullReload(source); // validates every inlined value (and that the location is on S3) before anything is sent
            if (manifests != null) {
                ManifestLoads.manifestCopy(source, manifests.manifestUrl(source, ledger));
            }
        }
        long started = System.nanoTime(); // each table's time counts from here, as LoadStats says
        List<LoadStats> stats = new ArrayList<>();
        for (StagingSource source : sources) {
            stats.add(manifests == null ? load(connection, source, ledger, log, started)
                    : loadNew(connection, source, ledger, log, started));
        }
        return stats;
    }

    private LoadStats load(Connection connection, StagingSource source, LoadLedger ledger, Log log, long started) {
        List<String> statements = fullReload(source);
        log.info(source.table() + ": COPY from " + source.location() + " on the cluster");
        if (ledger.enabled() && !ledger.reload().all()) {
            log.info(noManifestPrefix(source));
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
            return new LoadStats(source.table(), -1, lastCopyCount(statement), -1, System.nanoTime() - started);
        } catch (SQLException e) {
            throw copyFailed(source, e);
        }
    }

    /** Only what the ledger does not hold: listed here, named in a manifest, COPYed by the cluster. */
    private LoadStats loadNew(Connection connection, StagingSource source, LoadLedger ledger, Log log,
                              long started) {
        String table = source.table();
        LoadLedger.Batch batch = manifests.select(connection, source, ledger, log);
        if (batch.nothingNew()) {
            return LoadStats.unchanged(table, LoadLedger.nothingNew(table, source.location(), batch),
                    System.nanoTime() - started);
        }
        String url = manifests.manifestUrl(source, ledger);
        long bytes = manifests.writeManifest(source, batch, url);
        log.info(String.format("%s: COPY of %s (%.1f MB) from %s on the cluster, through %s", table,
                Plural.of(batch.objects().size(), "new object"), bytes / 1e6, source.location(), url));
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + Identifiers.quote(table));
            statement.execute(ManifestLoads.manifestCopy(source, url));
            long total = lastCopyCount(statement);
            List<LoadLedger.FileLoad> files = perFile(statement, batch.objects(), total, table, log);
            ledger.record(connection, table, source.location(), batch, files);
            return new LoadStats(table, batch.objects().size(), total, bytes, System.nanoTime() - started);
        } catch (SQLException e) {
            throw new SparkfyException(table + ": the load through " + url + " failed on Redshift, staging and the"
                    + " ledger are unchanged: " + e.getMessage() + (e.getMessage() != null
                    && e.getMessage().contains("stl_load_errors") ? ""
                    : " (details: SELECT * FROM stl_load_errors ORDER BY starttime DESC)"), e);
        }
    }

    /**
     * Each object's rows and rejections from the COPY's {@code stl_load_commits} and {@code stl_load_errors} rows.
     * When the cluster gives no per-file rows (system tables not visible to the user, or Redshift Serverless,
     * which has no STL tables), the COPY's total is recorded on the first object and 0 on the others, so that the
     * ledger's sum stays right, and an INFO line says so.
     */
    private static List<LoadLedger.FileLoad> perFile(Statement statement, List<SourceObject> objects, long total,
                                                     String table, Log log) throws SQLException {
        Map<String, Long> scanned = counts(statement, ROWS_PER_FILE);
        Map<String, Long> rejected = counts(statement, REJECTED_PER_FILE);
        List<LoadLedger.FileLoad> files = new ArrayList<>();
        if (scanned.isEmpty()) {
            log.info(table + ": stl_load_commits has no rows for this COPY, so its " + Plural.of(total, "row")
                    + " are recorded"
                    + " on the first file of the manifest and 0 on the others");
            for (int i = 0; i < objects.size(); i++) {
                SourceObject object = objects.get(i);
                files.add(new LoadLedger.FileLoad(object, i == 0 ? Math.max(0, total) : 0,
                        rejected.getOrDefault(object.name(), 0L)));
            }
            return files;
        }
        for (SourceObject object : objects) {
            long bad = rejected.getOrDefault(object.name(), 0L);
            // lines_scanned counts the records MAXERROR tolerated too
            files.add(new LoadLedger.FileLoad(object, Math.max(0, scanned.getOrDefault(object.name(), 0L) - bad), bad));
        }
        return files;
    }

    private static Map<String, Long> counts(Statement statement, String sql) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                counts.merge(rs.getString(1), rs.getLong(2), Long::sum);
            }
        }
        return counts;
    }

    private static long lastCopyCount(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT pg_last_copy_count()")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private static SparkfyException copyFailed(StagingSource source, SQLException e) {
        return new SparkfyException(copyFailed(source) + ": " + e.getMessage() + (e.getMessage() != null && e.getMessage().contains("stl_load_errors")
                ? "" : " (details: SELECT * FROM stl_load_errors ORDER BY starttime DESC)"), e);
    }
}
