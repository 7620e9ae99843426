package io.sparkfy.dw.target.redshift.dataapi;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.target.WarehouseLock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The warehouse lock through the Data API. No transaction stays open between two calls, so a table LOCK cannot be
 * held for a goal's run: the lock is a lease, one row in {@code sparkfy_dw_lease} naming its holder and when it
 * expires, taken in one batch (an expired lease is cleared first) and deleted when the goal ends. A build that dies
 * leaves its lease until it expires ({@link #TTL}); the waiting goal's message says so.
 */
final class DataApiLease {

    static final String TABLE = "sparkfy_dw_lease";
    static final Duration TTL = Duration.ofHours(2);

    private DataApiLease() {
    }

    static WarehouseLock take(Connection connection, Clock clock, Duration timeout, String goal, Log log) {
        String holder = goal + " by " + System.getProperty("user.name") + " " + UUID.randomUUID();
        String quoted;
        try {
            connection.setAutoCommit(true);
            quoted = SqlLiterals.quote(holder);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        WarehouseLock.Attempt attempt = () -> {
            Instant now = clock.instant();
            DataApiConnection api = DataApiConnection.of(connection);
            connection.setAutoCommit(false);
            try {
                for (String sql : List.of(
                        "CREATE TABLE IF NOT EXISTS " + TABLE + " (name VARCHAR(64) NOT NULL, holder VARCHAR(256)"
                                + " NOT NULL, expires TIMESTAMP NOT NULL)",
                        "DELETE FROM " + TABLE + " WHERE name = 'warehouse' AND expires < " + at(now),
                        // FROM a count rather than WHERE NOT EXISTS without FROM, which Redshift runs on the leader only
                        "INSERT INTO " + TABLE + " (name, holder, expires) SELECT 'warehouse', " + quoted + ", "
                                + at(now.plus(TTL)) + " FROM (SELECT COUNT(*) AS held FROM " + TABLE
                                + " WHERE name = 'warehouse') h WHERE h.held = 0")) {
                    api.write(sql, null);
                }
                api.commit();
            } catch (SQLException e) {
                if ("40001".equals(e.getSQLState())) {
                    return false; // another build took it at the same moment: the serializable check said so
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            try (ResultSet rs = api.read("SELECT holder, expires FROM " + TABLE + " WHERE name = 'warehouse'", 1)) {
                if (rs.next() && holder.equals(rs.getString(1))) {
                    return true;
                }
                if (rs.getRow() > 0) {
                    log.debug(goal + ": the warehouse lease is held by " + rs.getString(1) + " until "
                            + rs.getTimestamp(2) + " UTC (a build that died leaves it until then; DELETE FROM "
                            + TABLE + " frees it)");
                }
                return false;
            }
        };
        return WarehouseLock.acquire(connection, attempt, () -> {
            try {
                DataApiConnection.of(connection).write("DELETE FROM " + TABLE + " WHERE name = 'warehouse' AND holder = "
                        + quoted, null);
            } catch (SQLException e) {
                log.warn(goal + ": the warehouse lease could not be released (" + e.getMessage() + "); it expires"
                        + " by itself within " + TTL.toHours() + " h, or DELETE FROM " + TABLE + " frees it");
            }
        }, timeout, goal, log);
    }

    private static String at(Instant instant) {
        return "CAST('" + Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC)) + "' AS TIMESTAMP)";
    }
}
