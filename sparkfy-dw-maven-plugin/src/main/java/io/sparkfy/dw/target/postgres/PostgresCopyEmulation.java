package io.sparkfy.dw.target.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import io.sparkfy.dw.LoadException;
import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.CopyStatement;
import io.sparkfy.dw.copy.JsonFormat;
import io.sparkfy.dw.copy.LoadLedger;
import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.copy.StagingLoader;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.Column;
import io.sparkfy.dw.copy.json.JsonPaths;
import io.sparkfy.dw.copy.json.PathTree;
import io.sparkfy.dw.schema.Identifiers;
import io.sparkfy.dw.source.Source;
import io.sparkfy.dw.source.Sources;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Redshift's {@code COPY table FROM ... FORMAT AS JSON} emulated on PostgreSQL: each file's records are read (the byte
 * scanner, Jackson where it gives up), each record becomes a binary COPY row, and the rows stream into {@code COPY ... FROM STDIN}. Every table
 * is parsed on a thread of its own from the start, while the connection COPYs them one after the other. Memory is
 * bounded by each table's queue and read-ahead, whatever the size of the input. Each table loads the objects the
 * {@link LoadLedger} selects (what is new); it is emptied first in the caller's transaction (PostgreSQL's TRUNCATE
 * is transactional) and the ledger's rows are written in it too, so a failed load rolls back to the previous
 * content of both. A table with nothing new is not touched. The rows of each file are counted as they are parsed,
 * its rejections as {@link LoadErrors} takes them.
 */
public final class PostgresCopyEmulation implements StagingLoader {

    private final JsonFactory factory = new JsonFactory();
    private final Sources sources;
    private final LongSupplier clock;

    public PostgresCopyEmulation(Sources sources) {
        this(sources, System::nanoTime);
    }

    /** With a clock of the test's, in nanoseconds, for the progress lines and the summaries' times. */
    PostgresCopyEmulation(Sources sources, LongSupplier clock) {
        this.sources = sources;
        this.clock = clock;
    }

    @Override
    public List<String> plan(StagingSource source, LoadLedger ledger) {
        String table = Identifiers.quote(source.table());
        // Redshift's COPY text as a comment: the plugin does what it says, reading the files and streaming the rows
        // into COPY FROM STDIN; the text itself is not for PostgreSQL.
        List<String> plan = new ArrayList<>(List.of("TRUNCATE " + table, "-- emulated: the plugin reads the files"
                + " and streams the rows into COPY " + table + " FROM STDIN (FORMAT binary), as Redshift would run\n-- "
                + CopyStatement.emulated(source).replace("\n", "\n-- ")));
        plan.addAll(ledger.plan(source.table(), source.location(), "-- one row per object loaded, in one COPY\nCOPY "
                + ledger.quotedTable() + " (" + String.join(", ", LoadLedger.COLUMN_NAMES)
                + ") FROM STDIN"));
        return plan;
    }

    @Override
    public List<LoadStats> load(Connection connection, List<StagingSource> sources, LoadLedger ledger, Log log) {
        // Every table's listing and parsing starts now, on a thread of its own; the connection COPYs the tables one
        // after the other. A table whose turn has not come parses ahead into its queue, so the song files are read
        // while the events stream into the database rather than after them.
        List<RowProducer> producers = new ArrayList<>();
        try {
            // A reload of everything rewrites the whole ledger: emptied first (TRUNCATE is transactional here), its
            // rows go in as into a new table.
            ledger.emptyForFullReload(connection, sources.stream().map(StagingSource::table).toList());
            // The server's COPY takes a core, and each table's parser another while they all run.
            boolean fewCores = Runtime.getRuntime().availableProcessors() < 1 + sources.size();
            long started = clock.getAsLong(); // every table's "loaded ... into the load" counts from here
            for (StagingSource source : sources) {
                RowProducer producer = producer(connection, source, ledger, log, started);
                producer.measuredBy(clock);
                if (fewCores) {
                    producer.yieldTo(producers);
                }
                producers.add(producer);
                Thread parser = new Thread(producer, "sparkfy-parse-" + source.table());
                parser.setDaemon(true);
                parser.start();
            }
            List<LoadStats> stats = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                stats.add(copy(connection, sources.get(i), producers.get(i), producers, ledger, log, started, clock));
            }
            return stats;
        } catch (SQLException e) {
            throw new SparkfyException("cannot read the load ledger: " + e.getMessage(), e);
        } finally {
            producers.forEach(RowProducer::stop);
        }
    }

    /** The table's columns and the JSON paths to them, read before any thread starts: the connection is not shared. */
    private RowProducer producer(Connection connection, StagingSource source, LoadLedger ledger, Log log,
                                 long started) throws SQLException {
        String table = source.table();
        CopyOptions options = source.options();
        List<Column> columns = Column.of(connection, table);
        PathTree tree;
        if (options.isAuto()) {
            tree = PathTree.auto(Column.names(columns), options.json().kind() == JsonFormat.Kind.AUTO_IGNORECASE);
        } else {
            JsonPaths paths = JsonPaths.read(sources.single(options.jsonPaths(), options.region()), factory);
            if (paths.paths().size() != columns.size()) {
                throw new LoadException(paths.file(), 0, 0, "the JSONPaths file has " + paths.paths().size()
                        + " paths but " + table + " has " + columns.size() + " columns: they map by position");
            }
            tree = PathTree.of(paths);
        }
        Map<String, LoadLedger.Entry> held = ledger.held(connection, table, source.location());
        Source data = sources.of(source.location(), options.region()); // closed by the producer
        Callable<LoadLedger.Batch> listing = () -> ledger.select(sources.objects(data, source.location(),
                options.manifest(), options.region(), log), held);
        return new RowProducer(factory, table, data, listing,
                source.location() + " (" + CopyStatement.options(source) + ")", tree, columns, options, new LoadErrors(table, options.maxError()), log, started);
    }

    private static LoadStats copy(Connection connection, StagingSource source, RowProducer producer,
                                  List<RowProducer> all, LoadLedger ledger, Log log, long started,
                                  LongSupplier clock) {
        String table = source.table();
        String quotedTable = Identifiers.quote(table);
        List<Column> columns = producer.columns();
        String columnList = columns.stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "));
        CopyIn copy = null;
        try (Statement statement = connection.createStatement()) {
            LoadLedger.Batch batch = producer.batch();
            if (batch.nothingNew()) {
                return LoadStats.unchanged(table, LoadLedger.nothingNew(table, source.location(), batch),
                        clock.getAsLong() - started);
            }
            statement.execute("TRUNCATE " + quotedTable);
            copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + quotedTable + " (" + columnList + ") FROM STDIN (FORMAT binary)");
            copy.writeToCopy(CopyRow.HEADER, 0, CopyRow.HEADER.length);
            ChunkQueue.Chunk chunk;
            while ((chunk = producer.take()) != null) {
                copy.writeToCopy(chunk.bytes(), 0, chunk.length());
                producer.recycle(chunk);
                if (Thread.currentThread().isInterrupted()) { // take() sees it only when it has to wait
                    throw new InterruptedException();
                }
                for (RowProducer other : all) {
                    other.throwIfFailed(); // a later table failed: no point loading this one
                }
            }
            copy.writeToCopy(CopyRow.TRAILER, 0, CopyRow.TRAILER.length);
            long copied = copy.endCopy();
            if (copied != producer.rows()) {
                throw new SparkfyException(table + ": sent " + producer.rows() + " rows but COPY stored " + copied);
            }
            producer.errors().save(connection, log);
            ledger.record(connection, table, source.location(), batch, producer.files(), LedgerCopy::write);
        } catch (SQLException e) {
            throw new SparkfyException(table + ": the load failed in the database: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SparkfyException(table + ": the load was interrupted", e);
        } finally {
            cancel(copy);
        }
        return producer.stats().withRejected(producer.errors().count());
    }

    private static void cancel(CopyIn copy) {
        if (copy != null && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                // the connection is rolled back or closed by the caller anyway
            }
        }
    }
}
