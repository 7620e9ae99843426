package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.LoadException;
import io.sparkfy.dw.Log;
import io.sparkfy.dw.Plural;
import io.sparkfy.dw.SparkfyException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Records rejected under MAXERROR n, as Redshift's STL_LOAD_ERRORS does. Up to n are skipped and written, in the
 * load's transaction, to {@code sparkfy_load_errors}; one more fails the load, which then changes nothing.
 */
final class LoadErrors {

    static final String TABLE = "sparkfy_load_errors";
    private static final int SHOWN = 5;

    private final String table;
    private final int maxError;
    // microseconds, as the column keeps them, so the query the log shows finds the rows
    private final Timestamp startTime = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS));
    private final List<LoadError> errors = new ArrayList<>();

    LoadErrors(String table, int maxError) {
        this.table = table;
        this.maxError = maxError;
    }

    /** Takes one rejection; throws when it is one too many (with MAXERROR 0, the first). */
    void reject(LoadError error) {
        errors.add(error);
        if (errors.size() > maxError) {
            String first = errors.get(0).describe();
            if (maxError == 0) {
                throw new LoadException(error.filename(), error.lineNumber(), error.position(), "column "
                        + error.colname() + " (" + error.type() + "): " + error.errReason() + " [Redshift load error "
                        + error.errCode() + "]");
            }
            throw new SparkfyException(table + ": more than MAXERROR " + maxError + " records rejected, nothing was"
                    + " loaded; the first: " + first);
        }
    }

    /** Rejections so far: the difference over one file is that file's. */
    int count() {
        return errors.size();
    }

    /** Writes the rejections (bind parameters: the values are data) and shows the first few. */
    void save(Connection connection, Log log) throws SQLException {
        if (errors.isEmpty()) {
            return;
        }
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (starttime TIMESTAMP, table_name VARCHAR(127),"
                    + " filename VARCHAR(256), line_number BIGINT, colname VARCHAR(127), type VARCHAR(10),"
                    + " col_length VARCHAR(10), position INTEGER, raw_line VARCHAR(1024),"
                    + " raw_field_value VARCHAR(1024), err_code INTEGER, err_reason VARCHAR(100))");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " VALUES"
                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (LoadError e : errors) {
                insert.setTimestamp(1, startTime);
                insert.setString(2, table);
                insert.setString(3, cut(e.filename(), 256));
                insert.setLong(4, e.lineNumber());
                insert.setString(5, cut(e.colname(), 127));
                insert.setString(6, cut(e.type(), 10));
                insert.setString(7, cut(e.colLength(), 10));
                insert.setLong(8, e.position());
                insert.setString(9, cut(e.rawLine(), 1024));
                insert.setString(10, cut(e.rawFieldValue(), 1024));
                insert.setInt(11, e.errCode());
                insert.setString(12, cut(e.errReason(), 100));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        log.warn(String.format("%s: %s rejected (MAXERROR %,d):", table, Plural.of(errors.size(), "record"),
                maxError));
        errors.stream().limit(SHOWN).forEach(e -> log.warn("  " + e.describe()));
        log.warn("  all of them: SELECT * FROM " + TABLE + " WHERE table_name = '" + table + "' AND starttime = '"
                + startTime + "'");
    }

    private static String cut(String value, int length) {
        if (value == null) {
            return null;
        }
        String clean = value.replace('\0', '?');
        return clean.length() <= length ? clean : clean.substring(0, length);
    }
}
