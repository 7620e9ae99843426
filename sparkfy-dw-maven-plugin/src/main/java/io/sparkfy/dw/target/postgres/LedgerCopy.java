package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.copy.LoadLedger;
import io.sparkfy.dw.copy.convert.Column;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The load ledger's rows in one binary {@code COPY ... FROM STDIN} on the load's connection and in its transaction,
 * rather than multi-row INSERTs: a load of 100,000 song files writes 100,000 rows, and the server then parses no
 * statement and binds no parameter per row. Written by {@link CopyRow}, as staging's rows are: its code is compiled
 * by the time the ledger's turn comes, at the end of the load, where a fresh JVM spent 0.6 s building text lines
 * for 100,000 rows.
 */
final class LedgerCopy {

    /** Bytes handed to the server at a time. */
    private static final int CHUNK = 1 << 16;

    private LedgerCopy() {
    }

    static void write(Connection connection, String quotedTable, List<String> columns, List<LoadLedger.Row> rows)
            throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + quotedTable + " ("
                + String.join(", ", columns) + ") FROM STDIN (FORMAT binary)");
        try {
            CopyRow out = new CopyRow(CHUNK + 4096);
            byte[] spare = new byte[CHUNK + 4096];
            copy.writeToCopy(CopyRow.HEADER, 0, CopyRow.HEADER.length);
            Timestamp loadedAt = null;
            long epochSecond = 0;
            int micros = 0;
            for (LoadLedger.Row row : rows) {
                if (row.loadedAt() != loadedAt) { // one load's rows share one instant: converted once
                    loadedAt = row.loadedAt();
                    LocalDateTime utc = loadedAt.toLocalDateTime();
                    epochSecond = utc.toEpochSecond(ZoneOffset.UTC);
                    micros = utc.getNano() / 1_000;
                }
                out.startRow(columns.size());
                text(out, row.stagingTable(), row);
                text(out, row.location(), row);
                text(out, row.objectKey(), row);
                out.integer(Column.Type.BIGINT, row.objectSize());
                text(out, row.objectVersion(), row);
                out.integer(Column.Type.BIGINT, row.rowsLoaded());
                out.integer(Column.Type.BIGINT, row.rowsRejected());
                text(out, row.runId(), row);
                out.timestamp(epochSecond, micros);
                if (out.length() >= CHUNK) {
                    ChunkQueue.Chunk chunk = out.take(spare);
                    copy.writeToCopy(chunk.bytes(), 0, chunk.length());
                    spare = chunk.bytes();
                }
            }
            ChunkQueue.Chunk last = out.take(spare);
            copy.writeToCopy(last.bytes(), 0, last.length());
            copy.writeToCopy(CopyRow.TRAILER, 0, CopyRow.TRAILER.length);
            long written = copy.endCopy();
            if (written != rows.size()) {
                throw new SQLException("the load ledger: sent " + rows.size() + " rows but COPY stored " + written);
            }
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** A text value, or NULL; a NUL character, which PostgreSQL's text cannot hold, is refused naming the object. */
    private static void text(CopyRow out, String value, LoadLedger.Row row) throws SQLException {
        if (value == null) {
            out.nul();
        } else if (out.text(value) < 0) {
            throw new SQLException("the load ledger cannot record " + row.objectKey().replace("\0", "\\0") + " of "
                    + row.location() + ": a value holds a NUL character, which PostgreSQL cannot store");
        }
    }
}
