package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.copy.LoadLedger;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The load ledger's rows in one {@code COPY ... FROM STDIN} on the load's connection and in its transaction, rather
 * than multi-row INSERTs: a load of 100,000 song files writes 100,000 rows, and the server then parses no statement
 * and binds no parameter per row. COPY's text format, each value escaped.
 */
final class LedgerCopy {

    /** Bytes handed to the server at a time. */
    private static final int CHUNK = 1 << 16;

    private LedgerCopy() {
    }

    static void write(Connection connection, String quotedTable, List<String> columns, List<LoadLedger.Row> rows)
            throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + quotedTable + " ("
                + String.join(", ", columns) + ") FROM STDIN");
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(CHUNK + 4096);
            StringBuilder line = new StringBuilder(256);
            for (LoadLedger.Row row : rows) {
                line.setLength(0);
                text(line, row.stagingTable()).append('\t');
                text(line, row.location()).append('\t');
                text(line, row.objectKey()).append('\t');
                line.append(row.objectSize()).append('\t');
                text(line, row.objectVersion()).append('\t');
                line.append(row.rowsLoaded()).append('\t');
                line.append(row.rowsRejected()).append('\t');
                text(line, row.runId()).append('\t');
                text(line, row.loadedAt() == null ? null : row.loadedAt().toString()).append('\n');
                buffer.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
                if (buffer.size() >= CHUNK) {
                    copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                    buffer.reset();
                }
            }
            copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
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

    /** A value in COPY's text format: NULL as \N; backslash, tab, newline and carriage return escaped. */
    static StringBuilder text(StringBuilder line, String value) {
        if (value == null) {
            return line.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\t' -> line.append("\\t");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                default -> line.append(c);
            }
        }
        return line;
    }
}
