package io.sparkfy.dw.target;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.settings.PropertyNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Serialises the goals that change a warehouse: two builds running create-tables, load-stg or insert-dw against
 * one warehouse take turns. The lock lives on a connection of its own for the goal's whole run, so it is released
 * when the goal ends, and also when its process dies (the server drops the session).
 */
public final class WarehouseLock implements AutoCloseable {

    private final Connection connection;
    private final Runnable release;

    public WarehouseLock(Connection connection, Runnable release) {
        this.connection = connection;
        this.release = release;
    }

    /** The lock was not free within the timeout (also when a target's own wait for it timed out). */
    public static SparkfyException heldTooLong(String goal, Duration timeout, Throwable cause) {
        return new SparkfyException(goal + ": another sparkfy-dw goal held the warehouse for longer than "
                + timeout.toSeconds() + " s (" + PropertyNames.LOCK_TIMEOUT + "); nothing was changed. Try again when it is done,"
                + " or raise the timeout", cause);
    }

    /** What a goal says once when it finds the lock taken and starts waiting. */
    public static String waiting(String goal, Duration timeout) {
        return goal + ": another sparkfy-dw goal is working on this warehouse; waiting for it (at most "
                + timeout.toSeconds() + " s, " + PropertyNames.LOCK_TIMEOUT + ")";
    }

    /** What a goal that waited says when it has the lock. */
    public static String free(String goal) {
        return goal + ": the warehouse is free, going on";
    }

    /** Waits for the lock, saying so once, until {@code timeout}; then fails naming the timeout's property. */
    public static WarehouseLock acquire(Connection connection, Attempt attempt, Runnable release, Duration timeout,
                                 String goal, Log log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean said = false;
        try {
            while (!attempt.tryLock()) {
                if (!said) {
                    log.info(waiting(goal, timeout));
                    said = true;
                }
                if (System.nanoTime() > deadline) {
                    throw heldTooLong(goal, timeout, null);
                }
                Thread.sleep(200);
            }
        } catch (SQLException e) {
            close(connection);
            throw new SparkfyException(goal + ": cannot take the warehouse lock: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            close(connection);
            Thread.currentThread().interrupt();
            throw new SparkfyException(goal + ": interrupted while waiting for the warehouse lock", e);
        } catch (RuntimeException e) {
            close(connection);
            throw e;
        }
        if (said) {
            log.info(free(goal));
        }
        return new WarehouseLock(connection, release);
    }

    @Override
    public void close() {
        try {
            release.run();
        } finally {
            close(connection);
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // the session ends either way, and the server releases the lock with it
        }
    }

    /** One try at the lock, without waiting. */
    @FunctionalInterface
    public interface Attempt {
        boolean tryLock() throws SQLException;
    }
}
