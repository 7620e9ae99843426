package io.sparkfy.dw.copy;

import io.sparkfy.dw.Plural;
import io.sparkfy.dw.schema.Identifiers;
import io.sparkfy.dw.source.SourceObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The load ledger ({@code sparkfy_dw_loaded_files}): which source objects staging was loaded from, so that a load
 * takes only what is new. One row per staging table, source location and object (its relative name), with the
 * object's size and version, the rows it gave and the records rejected from it, the run that loaded it and when
 * (UTC). Every target reads and writes it with the same plain SQL, in the load's own transaction: a failed load
 * leaves staging and the ledger as they were. How a target learns the rows per object is its own business.
 */
public final class LoadLedger {

    /** Rows per INSERT: one statement for many rows (Redshift is slow at single-row inserts), few parameters. */
    private static final int ROWS_PER_INSERT = 500;
    private static final String COLUMNS = "table_name, source_location, object_key, object_size, object_version,"
            + " rows_loaded, rows_rejected, run_id, loaded_at";

    private final String table;
    private final Reload reload;
    private final String runId;
    private final Timestamp loadedAt;
    /** Set once the ledger was emptied for a reload of everything: the tables' rows are added, nothing deleted. */
    private boolean emptied;

    /** A load with a run id of its own, recording into {@code ledgerTable}; null: no ledger (a full reload). */
    public LoadLedger(String ledgerTable, Reload reload) {
        this(ledgerTable, reload, UUID.randomUUID().toString());
    }

    public LoadLedger(String ledgerTable, Reload reload, String runId) {
        this.table = ledgerTable == null ? null : Identifiers.quote(ledgerTable);
        this.reload = Objects.requireNonNull(reload, "reload");
        this.runId = runId;
        this.loadedAt = Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
    }

    /** No ledger: every load replaces staging with every object and records nothing (a schema without one). */
    public static LoadLedger none() {
        return new LoadLedger(null, Reload.ALL);
    }

    /** Whether loads are recorded (the schema has a ledger), so that the next one can skip what this one loaded. */
    public boolean enabled() {
        return table != null;
    }

    /** The ledger's table, quoted for SQL text (null without a ledger). */
    public String quotedTable() {
        return table;
    }

    public Reload reload() {
        return reload;
    }

    /** The run that loads, in each of its rows. */
    public String runId() {
        return runId;
    }

    /**
     * For a target whose TRUNCATE is transactional (PostgreSQL): when this load reloads everything and the ledger
     * holds rows of no table but {@code stagingTables}, empties it now, in the caller's transaction, and returns
     * true. Each table's rows then go into an empty table instead of replacing rows of the same keys (100,000 for the
     * song files), where every new key's uniqueness check visits the row deleted before it.
     */
    public boolean emptyForFullReload(Connection connection, Collection<String> stagingTables) throws SQLException {
        if (!enabled() || !reload.all()) {
            return false;
        }
        try (PreparedStatement others = connection.prepareStatement("SELECT table_name FROM " + table
                + " GROUP BY table_name")) {
            try (ResultSet rs = others.executeQuery()) {
                while (rs.next()) {
                    if (!stagingTables.contains(rs.getString(1))) {
                        return false;
                    }
                }
            }
        }
        try (PreparedStatement truncate = connection.prepareStatement("TRUNCATE " + table)) {
            truncate.execute();
        }
        emptied = true;
        return true;
    }

    /** What the ledger says one object was when it was loaded. */
    public record Entry(long size, String version) {
    }

    /** The ledger's rows for one staging table and location, by relative name; read before the listing. */
    public Map<String, Entry> held(Connection connection, String stagingTable, String location) throws SQLException {
        Map<String, Entry> held = new HashMap<>();
        if (!enabled() || reload.all()) {
            return held; // a reload of everything selects every object and replaces the table's rows whole
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT object_key, object_size, object_version"
                + " FROM " + table + " WHERE table_name = ? AND source_location = ?")) {
            select.setString(1, stagingTable);
            select.setString(2, location);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    held.put(rs.getString(1), new Entry(rs.getLong(2), rs.getString(3)));
                }
            }
        }
        return held;
    }

    /**
     * What one table loads: the listed objects the ledger does not hold, holds with another size or version, or
     * that the reload names. {@code replaced}: those of them the ledger holds (their rows are rewritten).
     */
    public record Batch(List<SourceObject> objects, int alreadyLoaded, Set<String> replaced) {

        public boolean nothingNew() {
            return objects.isEmpty();
        }
    }

    /** Picks the objects to load from the listing, in listing order. */
    public Batch select(List<SourceObject> listed, Map<String, Entry> held) {
        List<SourceObject> load = new ArrayList<>();
        Set<String> replaced = new LinkedHashSet<>();
        int already = 0;
        for (SourceObject object : listed) {
            String key = object.relativeName();
            Entry entry = held.get(key);
            boolean changed = entry == null || entry.size() != object.size()
                    || !Objects.equals(entry.version(), object.version());
            if (changed || reload.names(key)) {
                load.add(object);
                if (entry != null) {
                    replaced.add(key);
                }
            } else {
                already++;
            }
        }
        return new Batch(List.copyOf(load), already, replaced);
    }

    /** The one INFO line of a table with nothing to load. */
    public static String nothingNew(String stagingTable, String location, Batch batch) {
        return String.format("%s: nothing new in %s (%s already loaded)", stagingTable, location,
                Plural.of(batch.alreadyLoaded(), "file"));
    }

    /** One loaded object: what it gave and what was rejected from it. */
    public record FileLoad(SourceObject object, long rows, long rejected) {
    }

    /** One row of the ledger, as written. */
    public record Row(String stagingTable, String location, String objectKey, long objectSize, String objectVersion,
                      long rowsLoaded, long rowsRejected, String runId, Timestamp loadedAt) {
    }

    /**
     * How a target writes the ledger's new rows, in bulk: 100,000 song files are 100,000 rows. By default, multi-row
     * INSERTs of {@value #ROWS_PER_INSERT} rows with bind parameters (what Redshift takes); PostgreSQL COPYs them.
     */
    @FunctionalInterface
    public interface RowWriter {
        void write(Connection connection, String quotedTable, List<String> columns, List<Row> rows)
                throws SQLException;
    }

    /** The ledger's columns, in the order of {@link Row}'s. */
    public static final List<String> COLUMN_NAMES = List.of(COLUMNS.split(",\\s*"));


    /**
     * Writes the batch's rows, in the caller's transaction: with {@code all}, the table's rows are replaced (every
     * location); otherwise the rows of reloaded objects are rewritten and new ones added. Multi-row INSERTs.
     */
    public void record(Connection connection, String stagingTable, String location, Batch batch,
                       List<FileLoad> loads) throws SQLException {
        record(connection, stagingTable, location, batch, loads, LoadLedger::insert);
    }

    /** As {@link #record(Connection, String, String, Batch, List)}, the new rows written by {@code writer}. */
    public void record(Connection connection, String stagingTable, String location, Batch batch,
                       List<FileLoad> loads, RowWriter writer) throws SQLException {
        if (!enabled()) {
            return;
        }
        if (reload.all() && !emptied) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table
                    + " WHERE table_name = ?")) {
                delete.setString(1, stagingTable);
                delete.executeUpdate();
            }
        } else if (!batch.replaced().isEmpty()) {
            // A statement per few hundred objects, not one per object (a backfill may name thousands).
            List<String> keys = new ArrayList<>(batch.replaced());
            for (int from = 0; from < keys.size(); from += ROWS_PER_INSERT) {
                List<String> part = keys.subList(from, Math.min(keys.size(), from + ROWS_PER_INSERT));
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table
                        + " WHERE table_name = ? AND source_location = ? AND object_key IN ("
                        + String.join(", ", java.util.Collections.nCopies(part.size(), "?")) + ")")) {
                    int p = 1;
                    delete.setString(p++, stagingTable);
                    delete.setString(p++, location);
                    for (String key : part) {
                        delete.setString(p++, key);
                    }
                    delete.executeUpdate();
                }
            }
        }
        List<Row> rows = new ArrayList<>(loads.size());
        for (FileLoad load : loads) {
            rows.add(new Row(stagingTable, location, load.object().relativeName(), Math.max(0, load.object().size()),
                    load.object().version(), load.rows(), load.rejected(), runId, loadedAt));
        }
        if (!rows.isEmpty()) {
            writer.write(connection, table, COLUMN_NAMES, rows);
        }
    }

    /** When this load's rows are recorded as loaded (UTC). */
    public Timestamp loadedAt() {
        return loadedAt;
    }

    /**
     * For a target that writes the batch's rows in SQL of its own (the Data API's batch takes no parameters): the
     * DELETE that {@link #record} runs first, its values inlined, the objects loaded again named by the
     * {@code object_key} column of {@code filesTable}, which lists the batch; null when there is nothing to delete.
     */
    public String replacedRowsDelete(String stagingTable, String location, Batch batch, String filesTable) {
        if (!enabled()) {
            return null;
        }
        if (reload.all() && !emptied) {
            return "DELETE FROM " + table + " WHERE table_name = " + CopyValues.quote(stagingTable);
        }
        if (batch.replaced().isEmpty()) {
            return null;
        }
        return "DELETE FROM " + table + " USING " + filesTable + " WHERE " + table + ".table_name = "
                + CopyValues.quote(stagingTable) + " AND " + table + ".source_location = " + CopyValues.quote(location)
                + " AND " + table + ".object_key = " + filesTable + ".object_key";
    }

    /** The default writer: INSERT ... VALUES of {@value #ROWS_PER_INSERT} rows a statement, bind parameters. */
    public static void insert(Connection connection, String quotedTable, List<String> columns, List<Row> rows)
            throws SQLException {
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<Row> part = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(quotedTable).append(" (")
                    .append(String.join(", ", columns)).append(") VALUES ");
            for (int i = 0; i < part.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?)");
            }
            try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
                int p = 1;
                for (Row row : part) {
                    insert.setString(p++, row.stagingTable());
                    insert.setString(p++, row.location());
                    insert.setString(p++, row.objectKey());
                    insert.setLong(p++, row.objectSize());
                    insert.setString(p++, row.objectVersion());
                    insert.setLong(p++, row.rowsLoaded());
                    insert.setLong(p++, row.rowsRejected());
                    insert.setString(p++, row.runId());
                    insert.setTimestamp(p++, row.loadedAt());
                }
                insert.executeUpdate();
            }
        }
    }

    /** For a dry run: what the load does with the ledger, as SQL comments and the statements' shapes. */
    public List<String> plan(String stagingTable, String location) {
        return plan(stagingTable, location, "-- one row per object loaded, " + ROWS_PER_INSERT + " rows a statement\n"
                + "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, '" + runId + "', ?)"
                + " /* and a row like it for each further object, up to " + ROWS_PER_INSERT + " a statement */");
    }

    /** As {@link #plan(String, String)}, the rows written as {@code rows} says (a target's own bulk write). */
    public List<String> plan(String stagingTable, String location, String rows) {
        if (!enabled()) {
            return List.of();
        }
        String which = reload.all() ? "every object (reload all; the ledger's rows of " + stagingTable
                + " are replaced)" : "only the objects " + table + " does not hold, or holds with another size"
                + " or version" + (reload == Reload.NEW ? "" : ", and those reload " + reload + " names");
        List<String> plan = new ArrayList<>();
        plan.add("-- " + stagingTable + " loads " + which + "; with none, it is left as it is\n"
                + (reload.all() ? "DELETE FROM " + table + " WHERE table_name = " + CopyValues.quote(stagingTable)
                : "DELETE FROM " + table + " WHERE table_name = " + CopyValues.quote(stagingTable)
                + " AND source_location = " + CopyValues.quote(location)
                + " AND object_key IN (?) /* a ? per object loaded again, up to " + ROWS_PER_INSERT + " a statement */"));
        plan.add(rows);
        return plan;
    }
}
