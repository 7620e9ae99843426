package io.sparkfy.dw.load;

import com.fasterxml.jackson.core.JsonFactory;
import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.source.SourceObject;
import io.sparkfy.dw.source.Sources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * holds one record and one buffer, whatever the size of the input. The table is emptied first in the caller's
 * transaction (PostgreSQL's TRUNCATE is transactional), so a failed load rolls back to the previous content.
 */
public final class PostgresCopyEmulation implements StagingLoader {

    private static final int BUFFER = 1 << 16;

    private final JsonFactory factory = new JsonFactory();

    @Override
    public LoadStats load(Connection connection, StagingSource source, Log log) {
        String table = source.table();
        List<Column> columns = Column.of(connection, table);
        CopyOptions options = source.options();
        Set<Path> excluded = new HashSet<>();
        PathTree tree;
        if (options.isAuto()) {
            tree = PathTree.auto(columns);
        } else {
            JsonPaths paths = JsonPaths.read(Sources.single(options.jsonPaths()), factory);
            if (paths.paths().size() != columns.size()) {
                throw new LoadException(paths.file(), 0, 0, "the JSONPaths file has " + paths.paths().size()
                        + " paths but " + table + " has " + columns.size() + " columns: they map by position");
            }
            tree = PathTree.of(paths);
            Path local = Sources.localPathOrNull(options.jsonPaths());
            if (local != null) {
                excluded.add(local); // a JSONPaths file kept beside the data is not data
            }
        }
        List<SourceObject> objects = Sources.of(source.location(), excluded).list();
        log.info(String.format("%s: loading %,d files from %s (%s)", table, objects.size(), source.location(),
                options.isAuto() ? "JSON 'auto'" : "JSONPaths " + options.jsonPaths()));

        LoadProgress progress = new LoadProgress(log, table, objects.size());
        String quotedTable = Identifiers.quote(table);
        String columnList = columns.stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "));
        CopyIn copy = null;
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + quotedTable);
            copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + quotedTable + " (" + columnList + ") FROM STDIN");
            RowBuffer buffer = new RowBuffer(copy);
            for (SourceObject object : objects) {
                progress.rows += loadObject(object, tree, columns, options, buffer);
                progress.fileDone(object.size());
            }
            buffer.flush();
            long copied = copy.endCopy();
            if (copied != progress.rows) {
                throw new SparkfyException(table + ": sent " + progress.rows + " rows but COPY stored " + copied);
            }
        } catch (SQLException e) {
            throw new SparkfyException(table + ": the load failed in the database: " + e.getMessage(), e);
        } finally {
            cancel(copy);
        }
        return progress.stats();
    }

    private long loadObject(SourceObject object, PathTree tree, List<Column> columns, CopyOptions options,
                            RowBuffer buffer) throws SQLException {
        long rows = 0;
        StringBuilder row = new StringBuilder(512);
        try (InputStream in = object.open();
             JsonRecordReader reader = new JsonRecordReader(factory, in, object.name(), tree, columns.size())) {
            while (reader.next()) {
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
                        throw new LoadException(object.name(), located ? reader.lines[i] : reader.recordLine(),
                                located ? reader.columns[i] : reader.recordColumn(), "column " + column.name()
                                + " (" + column.typeName() + "): " + e.getMessage() + " [Redshift load error "
                                + e.errorCode() + "]");
                    }
                }
                row.append('\n');
                buffer.add(row);
                rows++;
            }
        } catch (IOException e) {
            throw new LoadException(object.name(), 0, 0, "cannot read: " + e.getMessage(), e);
        }
        return rows;
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
