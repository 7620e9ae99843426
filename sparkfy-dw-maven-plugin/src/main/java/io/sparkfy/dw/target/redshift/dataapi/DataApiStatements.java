package io.sparkfy.dw.target.redshift.dataapi;

import io.sparkfy.dw.InterruptSetAside;
import io.sparkfy.dw.Log;
import io.sparkfy.dw.target.UncertainCommit;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.rowset.RowSetMetaDataImpl;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.CancelStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.ColumnMetadata;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.ExecutionMode;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;
import software.amazon.awssdk.services.redshiftdata.model.SubStatementData;

/**
 * The Data API calls: one statement ({@code ExecuteStatement}) or one transaction ({@code BatchExecuteStatement}),
 * polled with {@code DescribeStatement} until done, saying how far it is every {@link #PROGRESS_EVERY} of the
 * injected clock; results read through {@code GetStatementResult}, every page. A failure becomes one line: which
 * statement of the batch, and the server's message; a call AWS refused, its {@link DataApiRefusal}. Before each
 * call and at each poll, the goal's lease may renew itself ({@link Renewal}).
 */
final class DataApiStatements {

    /** AWS's limit on a batch's statements (BatchExecuteStatement's Sqls: 1 to 40). */
    static final int MAX_BATCH = 40;
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final Duration FIRST_POLL = Duration.ofMillis(100);
    private static final Duration MAX_POLL = Duration.ofSeconds(2);
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter(Locale.ROOT);
    private static final DateTimeFormatter TIMESTAMPTZ = new DateTimeFormatterBuilder().append(TIMESTAMP)
            .appendPattern("[XXX][X]").toFormatter(Locale.ROOT);

    /** A batch that failed: which statement (0-based; -1 when the Data API does not say) and the server's line. */
    static final class BatchFailure extends SQLException {
        private final int index;
        private final String reason;

        BatchFailure(String message, String reason, int index, String sqlState) {
            super(message, sqlState);
            this.index = index;
            this.reason = reason;
        }

        int index() {
            return index;
        }

        String reason() {
            return reason;
        }
    }

    /** Waits between polls; tests hand in one that moves their clock instead. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** What the goal's lease does at each call and poll: renews itself when due, or fails once it is lost. */
    @FunctionalInterface
    interface Renewal {
        Renewal NONE = () -> { };

        void renewIfDue() throws SQLException;
    }

    private final RedshiftDataClient client;
    private final DataApiUrl target;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Renewal renewal;
    private final Log log;

    DataApiStatements(RedshiftDataClient client, DataApiUrl target, Clock clock, Sleeper sleeper, Renewal renewal,
                      Log log) {
        this.client = client;
        this.target = target;
        this.clock = clock;
        this.sleeper = sleeper;
        this.renewal = renewal;
        this.log = log;
    }

    DataApiUrl target() {
        return target;
    }

    /** One read; its rows (at most {@code maxRows}, 0: all) as a result set held in memory. */
    ResultSet query(String sql, int maxRows) throws SQLException {
        renewal.renewIfDue();
        String id;
        try {
            ExecuteStatementRequest.Builder request = ExecuteStatementRequest.builder().sql(sql)
                    .database(target.database()).withEvent(false);
            if (target.kind() == DataApiUrl.Kind.CLUSTER) {
                request.clusterIdentifier(target.name()).dbUser(target.dbUser());
            } else {
                request.workgroupName(target.name());
            }
            id = client.executeStatement(request.secretArn(target.secretArn()).build()).id();
        } catch (SdkException e) {
            throw DataApiRefusal.of("ExecuteStatement", target, e);
        }
        DescribeStatementResponse done = await(id, "the query", false);
        if (!Boolean.TRUE.equals(done.hasResultSet())) {
            throw new SQLException("the statement returned no rows: it is not a query");
        }
        return results(id, maxRows);
    }

    /** One transaction of {@code sqls}; the rows each changed (-1: not counted), in order. */
    List<Long> batch(List<String> sqls) throws SQLException {
        if (sqls.size() > MAX_BATCH) {
            // Never split: two batches would be two transactions, and a failure in the second would keep the first.
            throw new SQLException("this transaction has " + sqls.size() + " statements and the Data API runs at most "
                    + MAX_BATCH + " as one (BatchExecuteStatement), so none was sent (a jdbc:redshift: URL has no such"
                    + " limit; for load-stg, fewer staging sources per run)");
        }
        renewal.renewIfDue();
        String id;
        try {
            BatchExecuteStatementRequest.Builder request = BatchExecuteStatementRequest.builder().sqls(sqls)
                    .database(target.database()).executionMode(ExecutionMode.TRANSACTION).withEvent(false);
            if (target.kind() == DataApiUrl.Kind.CLUSTER) {
                request.clusterIdentifier(target.name()).dbUser(target.dbUser());
            } else {
                request.workgroupName(target.name());
            }
            id = client.batchExecuteStatement(request.secretArn(target.secretArn()).build()).id();
        } catch (SdkException e) {
            throw DataApiRefusal.of("BatchExecuteStatement", target, e);
        }
        DescribeStatementResponse done = await(id, "a transaction of " + sqls.size() + " statement"
                + (sqls.size() == 1 ? "" : "s"), true);
        List<Long> counts = new ArrayList<>();
        for (SubStatementData sub : done.subStatements()) {
            counts.add(sub.resultRows() == null ? -1 : sub.resultRows());
        }
        while (counts.size() < sqls.size()) {
            counts.add(-1L);
        }
        return counts;
    }

    /**
     * Polls until the statement is done; a failure or an abort is an SQLException of one line. A lost lease cancels
     * it. When AWS refuses the poll of a transaction ({@code writes}), whether it committed is unknown, so the
     * failure is not one the goal may call a rollback.
     */
    private DescribeStatementResponse await(String id, String what, boolean writes) throws SQLException {
        Instant started = clock.instant();
        Instant nextProgress = started.plus(PROGRESS_EVERY);
        Duration pause = FIRST_POLL;
        while (true) {
            try {
                renewal.renewIfDue();
            } catch (SQLException e) {
                throw cancelled(id, what, writes, e.getMessage(), e.getSQLState(), e);
            }
            DescribeStatementResponse status;
            try {
                status = client.describeStatement(r -> r.id(id));
            } catch (SdkException e) {
                if (Thread.currentThread().isInterrupted()) { // Ctrl-C during the call: the SDK gave up on it
                    throw cancelled(id, what, writes, "interrupted", "57014", e);
                }
                SQLException refused = DataApiRefusal.of("DescribeStatement", target, e);
                if (writes) {
                    throw new UncertainCommit(refused.getMessage() + "; " + what + " was sent as statement " + id
                            + " and may have committed: see it in the Redshift console's query history before"
                            + " running again", refused);
                }
                throw refused;
            }
            StatusString state = status.status();
            if (state == StatusString.FINISHED) {
                return status;
            }
            if (state == StatusString.FAILED || state == StatusString.ABORTED) {
                throw failure(status, state);
            }
            Instant now = clock.instant();
            if (!now.isBefore(nextProgress)) {
                log.info(String.format("Data API: %s on %s, %s, %s for %d s", what, target, state.toString()
                        .toLowerCase(Locale.ROOT), done(status), Duration.between(started, now).toSeconds()));
                nextProgress = now.plus(PROGRESS_EVERY);
            }
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw cancelled(id, what, writes, "interrupted", "57014", e);
            }
            pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
        }
    }

    private static String done(DescribeStatementResponse status) {
        if (!status.hasSubStatements() || status.subStatements().isEmpty()) {
            return "running";
        }
        long finished = status.subStatements().stream().filter(s -> "FINISHED".equals(s.statusAsString())).count();
        return finished + " of " + status.subStatements().size() + " statements done";
    }

    /**
     * Cancels a statement the goal gives up on, and says what became of it: a transaction that finished before the
     * cancel reached it committed (or may have, when that cannot be asked), which the goal must not call a rollback.
     * The calls go out with the thread's interrupt put aside, as the SDK refuses to call on an interrupted thread.
     */
    private SQLException cancelled(String id, String what, boolean writes, String reason, String state,
                                   Exception cause) {
        return InterruptSetAside.call(() -> {
            String ended;
            try {
                client.cancelStatement(CancelStatementRequest.builder().id(id).build());
                ended = writes ? client.describeStatement(r -> r.id(id)).statusAsString() : "ABORTED";
            } catch (SdkException e) {
                log.debug("Data API: cancelling " + id + " failed: " + e.getMessage());
                ended = null;
            }
            if (writes && !"ABORTED".equals(ended) && !"FAILED".equals(ended) && !"STARTED".equals(ended)
                    && !"SUBMITTED".equals(ended) && !"PICKED".equals(ended)) {
                throw new UncertainCommit(reason + "; " + what + " was sent as statement " + id + " and "
                        + ("FINISHED".equals(ended) ? "had committed before the cancel reached it"
                        : "may have committed: see it in the Redshift console's query history before running again"),
                        cause);
            }
            return new SQLException(reason + "; " + what + " was cancelled", state, cause);
        });
    }

    /** The server's message in one line; in a batch, which statement failed. */
    private static SQLException failure(DescribeStatementResponse status, StatusString state) {
        String error = status.error();
        String where = "";
        int index = -1;
        if (status.hasSubStatements()) {
            List<SubStatementData> subs = status.subStatements();
            for (int i = 0; i < subs.size(); i++) {
                SubStatementData sub = subs.get(i);
                if ("FAILED".equals(sub.statusAsString())) {
                    where = "statement " + (i + 1) + " of " + subs.size() + " (" + firstWords(sub.queryString())
                            + ") failed: ";
                    error = sub.error() != null ? sub.error() : error;
                    index = i;
                    break;
                }
            }
        }
        if (error == null) {
            error = state == StatusString.ABORTED ? "the statement was cancelled" : "no reason given";
        }
        String line = oneLine(error);
        return status.hasSubStatements() ? new BatchFailure(where + line, line, index, sqlState(line))
                : new SQLException(line, sqlState(line));
    }

    static String oneLine(String error) {
        String line = error.strip().lines().findFirst().orElse("").strip();
        return line.startsWith("ERROR: ") ? line.substring("ERROR: ".length()) : line;
    }

    static String firstWords(String sql) {
        if (sql == null) {
            return "?";
        }
        String flat = sql.replaceAll("(?m)--.*$", " ").replaceAll("\\s+", " ").strip();
        return flat.length() <= 60 ? flat : flat.substring(0, 57) + "...";
    }

    /** The Data API gives messages, not SQLSTATEs: the few the plugin acts on, from their text. */
    static String sqlState(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.matches(".*relation \".*\" does not exist.*")) {
            return "42P01";
        }
        if (m.contains("permission denied")) {
            return "42501";
        }
        if (m.contains("serializable isolation violation")) {
            return "40001";
        }
        if (m.contains("cancel")) {
            return "57014";
        }
        return null;
    }

    /** Every page of the result (at most {@code maxRows} rows; 0: all), as a result set in memory. */
    private ResultSet results(String id, int maxRows) throws SQLException {
        List<ColumnMetadata> columns = null;
        List<Object[]> rows = new ArrayList<>();
        String token = null;
        do {
            GetStatementResultResponse page;
            String next = token;
            try {
                page = client.getStatementResult(r -> r.id(id).nextToken(next));
            } catch (SdkException e) {
                throw DataApiRefusal.of("GetStatementResult", target, e);
            }
            if (columns == null) {
                columns = page.columnMetadata();
            }
            for (List<Field> record : page.records()) {
                if (maxRows > 0 && rows.size() == maxRows) {
                    break;
                }
                Object[] row = new Object[record.size()];
                for (int i = 0; i < record.size(); i++) {
                    row[i] = value(record.get(i), columns.get(i).typeName());
                }
                rows.add(row);
            }
            token = maxRows > 0 && rows.size() == maxRows ? null : page.nextToken();
        } while (token != null);
        return Rows.of(metaData(columns == null ? List.of() : columns), rows);
    }

    private static RowSetMetaDataImpl metaData(List<ColumnMetadata> columns) throws SQLException {
        RowSetMetaDataImpl meta = new RowSetMetaDataImpl();
        meta.setColumnCount(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            ColumnMetadata column = columns.get(i);
            String label = column.label() != null ? column.label() : column.name();
            meta.setColumnName(i + 1, column.name() != null ? column.name() : label);
            meta.setColumnLabel(i + 1, label);
            meta.setColumnType(i + 1, type(column.typeName()));
            meta.setColumnTypeName(i + 1, column.typeName());
            meta.setNullable(i + 1, ResultSetMetaData.columnNullable);
        }
        return meta;
    }

    private static int type(String typeName) {
        return switch (typeName == null ? "" : typeName.toLowerCase(Locale.ROOT)) {
            case "int2" -> Types.SMALLINT;
            case "int4" -> Types.INTEGER;
            case "int8" -> Types.BIGINT;
            case "float4", "float8", "float" -> Types.DOUBLE;
            case "numeric" -> Types.NUMERIC;
            case "bool", "boolean" -> Types.BOOLEAN;
            case "timestamp", "timestamptz" -> Types.TIMESTAMP;
            case "date" -> Types.DATE;
            default -> Types.VARCHAR;
        };
    }

    /** A field as the JDBC driver would give it: by the column's Redshift type. */
    static Object value(Field field, String typeName) throws SQLException {
        if (field.isNull() != null && field.isNull()) {
            return null;
        }
        String type = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        try {
            switch (type) {
                case "int2":
                case "int4":
                    return field.longValue() != null ? Integer.valueOf(field.longValue().intValue())
                            : Integer.valueOf(field.stringValue().strip());
                case "int8":
                    return field.longValue() != null ? field.longValue() : Long.valueOf(field.stringValue().strip());
                case "float4":
                case "float8":
                case "float":
                    return field.doubleValue() != null ? field.doubleValue()
                            : Double.valueOf(field.stringValue().strip());
                case "numeric":
                    return field.stringValue() != null ? new BigDecimal(field.stringValue().strip())
                            : field.longValue() != null ? BigDecimal.valueOf(field.longValue())
                            : BigDecimal.valueOf(field.doubleValue());
                case "bool":
                case "boolean":
                    return field.booleanValue() != null ? field.booleanValue()
                            : Boolean.valueOf(field.stringValue().strip());
                case "timestamp":
                    return Timestamp.valueOf(LocalDateTime.parse(field.stringValue().strip(), TIMESTAMP));
                case "timestamptz":
                    return Timestamp.from(OffsetDateTime.parse(field.stringValue().strip(), TIMESTAMPTZ).toInstant());
                case "date":
                    return java.sql.Date.valueOf(field.stringValue().strip());
                default:
                    if (field.stringValue() != null) {
                        return field.stringValue();
                    }
                    if (field.longValue() != null) {
                        return field.longValue().toString();
                    }
                    if (field.doubleValue() != null) {
                        return field.doubleValue().toString();
                    }
                    return field.booleanValue() != null ? field.booleanValue().toString() : null;
            }
        } catch (RuntimeException e) {
            throw new SQLException("the Data API returned " + field + " for a column of type " + typeName
                    + ", which is not one: " + e.getMessage(), e);
        }
    }
}
