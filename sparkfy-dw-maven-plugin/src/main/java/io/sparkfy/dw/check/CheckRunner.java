package io.sparkfy.dw.check;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.target.Secrets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs checks on a connection in a read-only transaction (the caller's), one query each, and logs a line per check
 * as it goes. A check's query is sent as written; its rows are counted as they stream by and the first
 * {@value CheckSettings#SAMPLE_ROWS} kept. A query that fails is that check's error: the transaction is rolled back
 * and the next check starts a new one, still read-only.
 */
public final class CheckRunner {

    /** Rows fetched per round trip: a check that finds many rows does not hold them all. */
    private static final int FETCH_SIZE = 1000;

    private final CheckSettings settings;
    private final Log log;

    public CheckRunner(CheckSettings settings, Log log) {
        this.settings = settings;
        this.log = log;
    }

    public List<CheckResult> run(Connection connection, List<DataCheck> checks) {
        int width = checks.stream().mapToInt(check -> check.name().length()).max().orElse(0);
        List<CheckResult> results = new ArrayList<>();
        for (DataCheck check : checks) {
            CheckResult result = run(connection, check);
            results.add(result);
            print(result, width);
        }
        return results;
    }

    private CheckResult run(Connection connection, DataCheck check) {
        long started = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = statement.executeQuery(check.sql())) {
                return check.isFreshness() ? freshness(check, rs, started) : rows(check, rs, started);
            }
        } catch (SQLException e) {
            rollback(connection, e);
            return new CheckResult(check, CheckStatus.ERROR, 0, SampleRows.NONE,
                    Secrets.mask(oneLine(e.getMessage())) + " (" + check.origin() + ")", millis(started));
        }
    }

    private static CheckResult rows(DataCheck check, ResultSet rs, long started) throws SQLException {
        List<String> columns = columns(rs);
        List<List<String>> sample = new ArrayList<>();
        long count = 0;
        while (rs.next()) {
            count++;
            if (sample.size() < CheckSettings.SAMPLE_ROWS) {
                List<String> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(rs.getString(i));
                }
                sample.add(row);
            }
        }
        CheckStatus status = count == 0 ? CheckStatus.PASSED
                : check.severity() == Severity.WARN ? CheckStatus.WARNED : CheckStatus.FAILED;
        return new CheckResult(check, status, count, new SampleRows(columns, sample), null, millis(started));
    }

    /** One row holding the newest timestamp (UTC, as the warehouse keeps time), judged by its ages against now. */
    private CheckResult freshness(DataCheck check, ResultSet rs, long started) throws SQLException {
        List<String> columns = columns(rs);
        if (!rs.next()) {
            throw new SQLException("a freshness check returns one row holding the newest timestamp; this one"
                    + " returned none");
        }
        Timestamp newest = rs.getTimestamp(1);
        String shown = rs.getString(1);
        if (rs.next()) {
            throw new SQLException("a freshness check returns one row holding the newest timestamp; this one"
                    + " returned more");
        }
        Freshness ages = settings.freshness(check.freshness());
        Instant now = settings.clock().instant();
        Severity level;
        String detail;
        String age;
        if (newest == null) {
            level = ages.errorAfter() != null ? Severity.ERROR : ages.warnAfter() != null ? Severity.WARN : null;
            age = "";
            detail = "no newest value: the table is empty; " + ages.describe();
        } else {
            Duration old = Duration.between(newest.toLocalDateTime().toInstant(ZoneOffset.UTC), now);
            level = ages.judge(old);
            age = Freshness.format(old);
            detail = "newest " + shown + " is " + age + " old; " + ages.describe();
        }
        if (level == null) {
            return new CheckResult(check, CheckStatus.PASSED, 0, SampleRows.NONE, detail, millis(started));
        }
        SampleRows sample = new SampleRows(List.of(columns.get(0), "age", "ages"),
                List.of(List.of(shown == null ? "" : shown, age, ages.describe())));
        return new CheckResult(check, level == Severity.ERROR ? CheckStatus.FAILED : CheckStatus.WARNED, 1, sample,
                detail, millis(started));
    }

    private void print(CheckResult result, int width) {
        String name = result.check().name() + " " + ".".repeat(Math.max(2, width + 2 - result.check().name().length()));
        String line = String.format("check %s %s", name, result.status().label());
        String time = " (" + result.millis() + " ms)";
        switch (result.status()) {
            case PASSED -> log.info(line + time);
            case WARNED -> {
                log.warn(line + ", " + result.message() + time);
                result.sample().lines().forEach(row -> log.warn("    " + row));
            }
            default -> {
                log.error(line + ", " + result.message() + time);
                result.sample().lines().forEach(row -> log.error("    " + row));
            }
        }
    }

    private static List<String> columns(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
        }
        return columns;
    }

    private static void rollback(Connection connection, SQLException failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            throw new SparkfyException("check: the connection was lost: " + Secrets.mask(oneLine(failure.getMessage())),
                    failure);
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ");
    }

    private static long millis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
