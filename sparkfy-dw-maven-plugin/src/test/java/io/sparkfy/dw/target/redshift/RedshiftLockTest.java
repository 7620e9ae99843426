package io.sparkfy.dw.target.redshift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.target.WarehouseLock;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.RedshiftStartupProxy;
import io.sparkfy.dw.testing.Waits;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redshift warehouse lock through the real Redshift driver and the start-up proxy, against the embedded
 * PostgreSQL: another session holds LOCK on the lock table the way a running goal does. The wait must end at the
 * lock timeout without statement_timeout (AWS does not document that it covers LOCK): the proxy shows what the
 * lock's connection sent.
 */
class RedshiftLockTest {

    @TempDir
    static Path temp;
    static EmbeddedWarehouse postgres;
    static RedshiftStartupProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        postgres = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog());
        try (Connection connection = postgres.warehouse.connect()) {
            int port = Integer.parseInt(connection.getMetaData().getURL().replaceAll(".*:(\\d+)/.*", "$1"));
            proxy = RedshiftStartupProxy.start("localhost", port);
        }
        postgres.execute("CREATE TABLE IF NOT EXISTS " + RedshiftWarehouse.LOCK_TABLE + " (holder VARCHAR(100))");
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        postgres.close();
    }

    private static RedshiftWarehouse redshift() {
        return new RedshiftWarehouse(proxy.jdbcUrl("postgres") + "?ssl=false", "postgres", null);
    }

    /** Another goal's lock: LOCK in a transaction left open on a session of its own. */
    private static Connection holdLock() throws SQLException {
        Connection other = postgres.warehouse.connect();
        try (Statement statement = other.createStatement()) {
            statement.execute("LOCK " + RedshiftWarehouse.LOCK_TABLE);
        }
        return other;
    }

    /** Sessions waiting for the lock table (not granted), seen from a connection of its own. */
    private static long waiters() {
        try (Connection connection = postgres.warehouse.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND relation = '"
                     + RedshiftWarehouse.LOCK_TABLE + "'::regclass")) {
            rs.next();
            long count = rs.getLong(1);
            connection.rollback();
            return count;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Polls the server until {@code condition} holds; the guard only turns a broken build's hang into a failure. */
    private static void until(java.util.function.BooleanSupplier condition, String what) {
        long guard = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(Waits.GUARD_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < guard, what);
            Thread.onSpinWait();
        }
    }

    @Test
    void aHeldLockEndsTheWaitAtTheTimeoutWithoutStatementTimeout() throws Exception {
        RecordingLog log = new RecordingLog();
        int sentBefore = proxy.statements().size();
        try (Connection other = holdLock()) {
            // On another thread, so that a lock wait nothing bounds fails this test at the guard instead of hanging.
            java.util.concurrent.CompletableFuture<WarehouseLock> attempt = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> redshift().lock(Duration.ofSeconds(1), "insert-dw", log, Duration.ZERO));
            java.util.concurrent.ExecutionException thrown = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> attempt.get(Waits.GUARD_SECONDS, java.util.concurrent.TimeUnit.SECONDS));
            SparkfyException e = assertInstanceOf(SparkfyException.class, thrown.getCause());
            assertEquals(WarehouseLock.heldTooLong("insert-dw", Duration.ofSeconds(1), null).getMessage(),
                    e.getMessage());
            // The driver's socket timeout ended it, not the server.
            Throwable cause = e.getCause();
            while (cause != null && !(cause instanceof SocketTimeoutException)) {
                cause = cause.getCause();
            }
            assertInstanceOf(SocketTimeoutException.class, cause, String.valueOf(e.getCause()));
            assertEquals(List.of("INFO " + WarehouseLock.waiting("insert-dw", Duration.ofSeconds(1))),
                    log.lines.stream().filter(l -> l.startsWith("INFO ")).toList(), log.text());
            // The session left waiting on the server was ended, so it does not queue for the lock without a client.
            until(() -> waiters() == 0, "the ended session leaves the lock's queue");
            other.rollback();
        }
        List<String> sent = proxy.statements().subList(sentBefore, proxy.statements().size());
        assertTrue(sent.contains("LOCK " + RedshiftWarehouse.LOCK_TABLE), sent.toString());
        assertTrue(sent.stream().anyMatch(s -> s.startsWith("SELECT PG_TERMINATE_BACKEND(")), sent.toString());
        assertFalse(sent.stream().anyMatch(s -> s.toLowerCase(java.util.Locale.ROOT).contains("statement_timeout")),
                sent.toString());
        try (WarehouseLock free = redshift().lock(Duration.ofSeconds(5), "insert-dw", new RecordingLog())) {
            assertEquals(0, waiters(), "free again: taken at once");
        }
    }

    @Test
    void aWaitingGoalSaysSoAndGoesOnOnceTheOtherLetsGo() throws Exception {
        RecordingLog log = new RecordingLog();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Connection other = holdLock()) {
            Thread goal = new Thread(() -> {
                try (WarehouseLock lock = redshift().lock(Duration.ofSeconds(60), "load-stg", log, Duration.ZERO)) {
                    locked.countDown();
                    Waits.await(release, "the test lets the goal end");
                } catch (Throwable t) {
                    failed.set(t);
                    locked.countDown();
                }
            });
            goal.start();
            until(() -> waiters() == 1, "the goal's LOCK is queued behind the other's");
            assertEquals(1, locked.getCount(), "the goal waits while the other holds the lock");
            other.rollback(); // the other goal ends
            Waits.await(locked, "the goal takes the lock once it is free");
            assertEquals(null, failed.get());
            assertEquals(List.of("INFO " + WarehouseLock.waiting("load-stg", Duration.ofSeconds(60)),
                    "INFO " + WarehouseLock.free("load-stg")), log.lines, log.text());
            release.countDown();
            Waits.join(goal, "the goal ends");
        }
        assertEquals(null, failed.get());
    }

    @Test
    void theSocketTimeoutIsTheLockTimeoutInWholeSecondsNeverZero() {
        assertEquals(600, RedshiftWarehouse.socketSeconds(Duration.ofSeconds(600)));
        assertEquals(2, RedshiftWarehouse.socketSeconds(Duration.ofMillis(1500)));
        assertEquals(1, RedshiftWarehouse.socketSeconds(Duration.ZERO)); // 0 would be no bound at all
    }
}
