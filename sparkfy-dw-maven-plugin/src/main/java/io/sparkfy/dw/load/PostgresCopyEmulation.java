package io.sparkfy.dw.load;

import com.fasterxml.jackson.core.JsonFactory;
import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.source.Manifest;
import io.sparkfy.dw.source.Source;
import io.sparkfy.dw.source.SourceObject;
import io.sparkfy.dw.source.Sources;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Redshift's {@code COPY table FROM ... FORMAT AS JSON} emulated on PostgreSQL: the JSON streams through Jackson's
 * parser, each record becomes a row of COPY text, and the rows stream into {@code COPY ... FROM STDIN}. Memory
 * holds one record, a read-ahead window and one buffer, whatever the size of the input. The table is emptied first
 * in the caller's transaction (PostgreSQL's TRUNCATE is transactional), so a failed load rolls back to the
 * previous content.
 */
public final class PostgresCopyEmulation implements StagingLoader {

    private final JsonFactory factory = new JsonFactory();
    private final Sources sources;

    public PostgresCopyEmulation(Sources sources) {
        this.sources = sources;
    }

    @Override
    public List<String> plan(StagingSource source) {
        String table = Identifiers.quote(source.table());
        return List.of("TRUNCATE " + table, "COPY " + table + " FROM STDIN -- rows converted by the plugin from "
                + source.location() + " (" + describe(source.options()) + ")");
    }

    @Override
    public LoadStats load(Connection connection, StagingSource source, Log log) {
        long started = System.nanoTime();
        String table = source.table();
        CopyOptions options = source.options();
        List<Column> columns = Column.of(connection, table);
        Set<String> excluded = new HashSet<>();
        PathTree tree;
        if (options.isAuto()) {
            tree = PathTree.auto(columns, options.json().kind() == JsonFormat.Kind.AUTO_IGNORECASE);
        } else {
            JsonPaths paths = JsonPaths.read(sources.single(options.jsonPaths(), options.region()), factory);
            if (paths.paths().size() != columns.size()) {
                throw new LoadException(paths.file(), 0, 0, "the JSONPaths file has " + paths.paths().size()
                        + " paths but " + table + " has " + columns.size() + " columns: they map by position");
            }
            tree = PathTree.of(paths);
            excluded.add(options.jsonPaths()); // a JSONPaths file kept beside the data is not data
        }
        try (Source data = sources.of(source.location(), options.region(), excluded)) {
            List<SourceObject> objects = options.manifest()
                    ? Manifest.objects(sources.single(source.location(), options.region()), sources,
                            options.region(), log)
                    : data.list();
            log.info(String.format("%s: loading %,d files from %s (%s)", table, objects.size(), source.location(),
                    describe(options)));
            return copy(connection, table, columns, tree, options, objects, log, started);
        }
    }

    private LoadStats copy(Connection connection, String table, List<Column> columns, PathTree tree,
                           CopyOptions options, List<SourceObject> objects, Log log, long started) {
        LoadProgress progress = new LoadProgress(log, table, objects.size(), started);
        LoadErrors errors = new LoadErrors(table, options.maxError());
        String quotedTable = Identifiers.quote(table);
        String columnList = columns.stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "));
        RowProducer producer = new RowProducer(factory, table, objects, tree, columns, options, errors, progress);
        Thread parser = new Thread(producer, "sparkfy-parse-" + table);
        parser.setDaemon(true);
        CopyIn copy = null;
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + quotedTable);
            copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + quotedTable + " (" + columnList + ") FROM STDIN");
            parser.start();
            byte[] chunk;
            while ((chunk = producer.take()) != null) {
                copy.writeToCopy(chunk, 0, chunk.length);
            }
            long copied = copy.endCopy();
            if (copied != progress.rows) {
                throw new SparkfyException(table + ": sent " + progress.rows + " rows but COPY stored " + copied);
            }
            errors.save(connection, log);
        } catch (SQLException e) {
            throw new SparkfyException(table + ": the load failed in the database: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SparkfyException(table + ": the load was interrupted", e);
        } finally {
            producer.stop();
            cancel(copy);
        }
        return progress.stats();
    }

    private static String describe(CopyOptions options) {
        return "FORMAT AS JSON '" + options.json().copyArgument() + "' TIMEFORMAT '" + options.timeFormat().copyText()
                + "'" + (options.compression() == Compression.NONE ? "" : " " + options.compression())
                + (options.maxError() > 0 ? " MAXERROR " + options.maxError() : "")
                + (options.manifest() ? " MANIFEST" : "");
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
