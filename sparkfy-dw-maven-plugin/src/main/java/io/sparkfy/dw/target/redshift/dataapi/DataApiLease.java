package io.sparkfy.dw.target.redshift.dataapi;

import io.sparkfy.dw.InterruptSetAside;
import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
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
 * expires, taken in one batch (an expired lease is cleared first) and deleted when the goal ends. While the goal
 * runs, its statements' calls and polls renew it ({@link #renewIfDue}) once half of it is gone, so a goal longer
 * than {@link #TTL} keeps it; a build that dies leaves it until it expires, and the waiting goal's message says so.
 */
final class DataApiLease {

    static final String TABLE = "sparkfy_dw_lease";
    static final Duration TTL = Duration.ofHours(2);
    static final Duration RENEW_AFTER = TTL.dividedBy(2);
    /** After a renewal failed (a passing refusal, a conflict with a build trying to take it), the next try. */
    static final Duration RETRY = Duration.ofMinutes(1);

    private final Connection connection;
    private final DataApiConnection api;
    private final Clock clock;
    private final String goal;
    private final Log log;
    private final String holder;
    private final String quoted;
    private Instant expires; // null: not held
    private Instant renewAt;
    private boolean lost;

    /** On a connection of its own, whose statements do not renew the lease (a renewal is one of them). */
    DataApiLease(Connection connection, Clock clock, String goal, Log log) {
        this.connection = connection;
        this.api = DataApiConnection.of(connection);
        this.clock = clock;
        this.goal = goal;
        this.log = log;
        this.holder = goal + " by " + System.getProperty("user.name") + " " + UUID.randomUUID();
        try {
            connection.setAutoCommit(true);
            quoted = SqlLiterals.quote(holder);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    WarehouseLock take(Duration timeout) {
        return WarehouseLock.acquire(connection, this::tryTake, this::release, timeout, goal, log);
    }

    private boolean tryTake() throws SQLException {
        Instant now = clock.instant();
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
        } catch (SparkfyException e) {
            connection.setAutoCommit(true);
            release(); // sent, but whether it committed is unknown: if the lease is this goal's, it is freed
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        try (ResultSet rs = api.read("SELECT holder, expires FROM " + TABLE + " WHERE name = 'warehouse'", 1)) {
            if (rs.next() && holder.equals(rs.getString(1))) {
                held(now.plus(TTL), now);
                return true;
            }
            if (rs.getRow() > 0) {
                log.debug(goal + ": the warehouse lease is held by " + rs.getString(1) + " until "
                        + rs.getTimestamp(2) + " UTC (a build that died leaves it until then; DELETE FROM "
                        + TABLE + " frees it)");
            }
            return false;
        } catch (SQLException | RuntimeException e) {
            release(); // the INSERT committed: if the lease is this goal's, it must not stay for 2 h
            throw e;
        }
    }

    private synchronized void held(Instant until, Instant now) {
        expires = until;
        renewAt = now.plus(RENEW_AFTER);
    }

    /**
     * Extends the lease by {@link #TTL} once half of it is gone: an UPDATE, then a read that the row is still this
     * goal's (the Data API's row count can be unknown). A lease another build took over (it had expired: the goal
     * made no call for an hour, its machine asleep say) or that was deleted fails every call of the goal from then.
     */
    synchronized void renewIfDue() throws SQLException {
        if (expires == null) {
            return; // not held: not taken yet, or released
        }
        if (lost) {
            throw lostLease();
        }
        Instant now = clock.instant();
        if (now.isBefore(renewAt)) {
            return;
        }
        Instant until = now.plus(TTL);
        boolean ours;
        try {
            api.write("UPDATE " + TABLE + " SET expires = " + at(until) + " WHERE name = 'warehouse' AND holder = "
                    + quoted, null);
            try (ResultSet rs = api.read("SELECT COUNT(*) FROM " + TABLE + " WHERE name = 'warehouse' AND holder = "
                    + quoted, 1)) {
                ours = rs.next() && rs.getLong(1) > 0;
            }
        } catch (SQLException | RuntimeException e) { // a refused call is a SparkfyException: retried all the same
            renewAt = now.plus(RETRY);
            log.warn(goal + ": the warehouse lease could not be renewed (" + e.getMessage() + "); it holds until "
                    + utc(expires) + " UTC, trying again in " + RETRY.toMinutes() + " min");
            return;
        }
        if (!ours) {
            lost = true;
            throw lostLease();
        }
        held(until, now);
    }

    private SQLException lostLease() {
        return new SQLException("the warehouse lease is no longer this goal's (another build took it over after it"
                + " expired at " + utc(expires) + " UTC, or it was deleted from " + TABLE + ")");
    }

    private synchronized void release() {
        expires = null;
        try {
            // After Ctrl-C too: the SDK calls nothing on an interrupted thread, and a lease left behind holds 2 h
            InterruptSetAside.call(() -> api.write("DELETE FROM " + TABLE + " WHERE name = 'warehouse' AND holder = "
                    + quoted, null));
        } catch (SQLException | RuntimeException e) { // never fails the goal, nor hides why it failed
            log.warn(goal + ": the warehouse lease could not be released (" + e.getMessage() + "); it expires"
                    + " by itself within " + TTL.toHours() + " h, or DELETE FROM " + TABLE + " frees it");
        }
    }

    private static String at(Instant instant) {
        return "CAST('" + utc(instant) + "' AS TIMESTAMP)";
    }

    private static String utc(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC)).toString();
    }
}
