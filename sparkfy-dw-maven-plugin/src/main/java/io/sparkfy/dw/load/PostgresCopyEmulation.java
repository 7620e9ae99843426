package io.sparkfy.dw.load;

import com.fasterxml.jackson.core.JsonFactory;
import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.source.Manifest;
import io.sparkfy.dw.source.Prefetcher;
import io.sparkfy.dw.source.Source;
import io.sparkfy.dw.source.SourceObject;
import io.sparkfy.dw.source.Sources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

    private static final int BUFFER = 1 << 16;
    /** Objects fetched ahead of the parser, each buffered up to the limit: memory stays bounded. */
    private static final int PREFETCH = 4;
    private static final long PREFETCH_LIMIT = 8L << 20;
    /** Redshift's limit on one JSON object or array, braces included. */
    private static final long MAX_RECORD_BYTES = 4L << 20;

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
            return copy(connection, table, columns, tree, options, objects, log);
        }
    }

    private LoadStats copy(Connection connection, String table, List<Column> columns, PathTree tree,
                           CopyOptions options, List<SourceObject> objects, Log log) {
        LoadProgress progress = new LoadProgress(log, table, objects.size());
        LoadErrors errors = new LoadErrors(table, options.maxError());
        String quotedTable = Identifiers.quote(table);
        String columnList = columns.stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "));
        CopyIn copy = null;
        try (Statement statement = connection.createStatement();
             Prefetcher prefetcher = new Prefetcher(objects, PREFETCH, PREFETCH_LIMIT)) {
            statement.execute("TRUNCATE " + quotedTable);
            copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + quotedTable + " (" + columnList + ") FROM STDIN");
            RowBuffer buffer = new RowBuffer(copy);
            FileLoad file = new FileLoad(table, tree, columns, options, buffer, errors);
            while (prefetcher.hasNext()) {
                Prefetcher.Fetched fetched = prefetcher.next();
                SourceObject object = fetched.object();
                progress.rows += file.load(object.name(), fetched.stream());
                progress.fileDone(object.size());
            }
            buffer.flush();
            long copied = copy.endCopy();
            if (copied != progress.rows) {
                throw new SparkfyException(table + ": sent " + progress.rows + " rows but COPY stored " + copied);
            }
            errors.save(connection, log);
        } catch (SQLException e) {
            throw new SparkfyException(table + ": the load failed in the database: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SparkfyException(table + ": cannot read the source: " + e.getMessage(), e);
        } finally {
            cancel(copy);
        }
        return progress.stats();
    }

    /** The records of one file into COPY rows; rejected ones go to the load errors. */
    private final class FileLoad {
        private final String table;
        private final PathTree tree;
        private final List<Column> columns;
        private final CopyOptions options;
        private final RowBuffer buffer;
        private final LoadErrors errors;
        private final StringBuilder row = new StringBuilder(512);

        FileLoad(String table, PathTree tree, List<Column> columns, CopyOptions options, RowBuffer buffer,
                 LoadErrors errors) {
            this.table = table;
            this.tree = tree;
            this.columns = columns;
            this.options = options;
            this.buffer = buffer;
            this.errors = errors;
        }

        long load(String name, InputStream stream) throws SQLException, IOException {
            long rows = 0;
            InputStream in = Decompression.open(stream, name, options.compression());
            if (options.acceptInvChars() != null) {
                in = new InvalidUtf8Replacer(in, options.acceptInvChars().charAt(0));
            }
            RawTail raw = new RawTail(in);
            try (JsonRecordReader reader = new JsonRecordReader(factory, raw, name, tree, columns.size())) {
                while (reader.next()) {
                    if (convert(name, reader, raw)) {
                        buffer.add(row);
                        rows++;
                    }
                }
            }
            return rows;
        }

        /** Builds the row; false (and a rejection) when a value does not fit. */
        private boolean convert(String name, JsonRecordReader reader, RawTail raw) {
            String rawLine = raw.text(reader.recordStart(), reader.recordEnd(), 1024);
            if (reader.recordEnd() - reader.recordStart() > MAX_RECORD_BYTES) {
                errors.reject(new LoadError(table, name, reader.recordLine(), "", "", "", reader.recordColumn(),
                        rawLine, null, 1216, "JSON object is larger than Redshift's 4 MB limit"));
                return false;
            }
            row.setLength(0);
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    row.append('\t');
                }
                Column column = columns.get(i);
                try {
                    ValueConverter.append(column, reader.kinds[i], reader.texts[i], options, row);
                } catch (ConversionException e) {
                    boolean located = reader.kinds[i] != JsonRecordReader.Kind.MISSING;
                    errors.reject(new LoadError(table, name, located ? reader.lines[i] : reader.recordLine(),
                            column.name(), column.typeName(), column.length() > 0 ? "" + column.length() : null,
                            located ? reader.columns[i] : reader.recordColumn(), rawLine, reader.texts[i],
                            e.errorCode(), e.getMessage()));
                    return false;
                }
            }
            row.append('\n');
            return true;
        }
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

    /** Collects rows into 64 KiB writes: one COPY message per row would cost a round of framing each. */
    private static final class RowBuffer {
        private final CopyIn copy;
        private final byte[] bytes = new byte[BUFFER];
        private int length;

        RowBuffer(CopyIn copy) {
            this.copy = copy;
        }

        void add(CharSequence row) throws SQLException {
            byte[] encoded = row.toString().getBytes(StandardCharsets.UTF_8);
            if (length + encoded.length > bytes.length) {
                flush();
            }
            if (encoded.length > bytes.length) {
                copy.writeToCopy(encoded, 0, encoded.length);
            } else {
                System.arraycopy(encoded, 0, bytes, length, encoded.length);
                length += encoded.length;
            }
        }

        void flush() throws SQLException {
            if (length > 0) {
                copy.writeToCopy(bytes, 0, length);
                length = 0;
            }
        }
    }
}
