package io.sparkfy.dw.job;

import io.sparkfy.dw.InterruptSetAside;
import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.target.UncertainCommit;
import io.sparkfy.dw.target.Warehouse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Runs work in a transaction that commits everything or, on any failure, rolls back and leaves the warehouse as it was. */
final class TransactionRunner {

    private final Warehouse warehouse;
    private final Log log;
    /** The connections of the transactions running now: what Ctrl-C aborts. */
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    TransactionRunner(Warehouse warehouse, Log log) {
        this.warehouse = warehouse;
        this.log = log;
    }

    /** Commits, then reports and logs that the goal is done: a summary never describes a rollback. */
    <T> T commit(String goal, Work<T> work, Consumer<T> report) {
        long started = System.nanoTime();
        T result = commit(goal, work);
        report.accept(result);
        done(goal, started);
        return result;
    }

    /**
     * Like {@link #commit(String, Work, Consumer)}, and records the run in the run history: a success in the same
     * transaction (the work fills in {@code run} as it goes), so the row commits with the work; a failure after the
     * rollback, in a short transaction of its own. On a warehouse that batches a transaction's writes (the Data
     * API), the rows the work wrote are known only after its commit, so the success is recorded then, in a short
     * transaction of its own, as for a goal whose work spans transactions.
     */
    <T> T commit(RunHistory.Run run, Work<T> work, Consumer<T> report) {
        long started = System.nanoTime();
        boolean afterCommit = warehouse.batchesWrites();
        T result;
        try {
            result = commit(run.goal(), connection -> {
                run.prepare(connection); // a read: before the work's writes, which a batch cannot read after
                T done = work.run(connection);
                if (!afterCommit) {
                    run.succeeded(connection);
                }
                return done;
            });
        } catch (RuntimeException e) {
            failed(run, e);
            throw e;
        }
        if (afterCommit) {
            succeeded(run);
        }
        report.accept(result);
        done(run.goal(), started);
        return result;
    }

    /** Records a run whose work spans transactions of its own as a success, in a short transaction after it. */
    void succeeded(RunHistory.Run run) {
        try (Connection connection = warehouse.connect()) {
            try {
                if (run.succeeded(connection)) {
                    connection.commit();
                }
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                log.warn(run.goal() + " is done, but its run could not be recorded in " + RunHistory.RUNS + ": "
                        + e.getMessage());
            }
        } catch (SQLException | RuntimeException e) {
            log.warn(run.goal() + " is done, but its run could not be recorded in " + RunHistory.RUNS + ": "
                    + e.getMessage());
        }
    }

    /** Records a failed run, after its rollback, in a short transaction of its own (never throws). */
    void failed(RunHistory.Run run, Throwable failure) {
        // After Ctrl-C too: a transport that calls nothing on an interrupted thread (the Data API's SDK) records it
        InterruptSetAside.run(() -> run.failed(warehouse::connect, failure));
    }

    /** One step of a goal: commits or rolls back, reports nothing. */
    <T> T commit(String goal, Work<T> work) {
        try (Connection connection = warehouse.connect()) {
            open.add(connection);
            try {
                T result = work.run(connection);
                open.remove(connection); // Ctrl-C now must not drop a COMMIT the server may have applied
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                if (e instanceof UncertainCommit) {
                    throw (UncertainCommit) e; // it says what may have committed: never a rollback
                }
                if (Interruption.caused(e)) {
                    throw Interruption.rolledBack(goal, e);
                }
                if (e instanceof SparkfyException) {
                    throw (SparkfyException) e;
                }
                throw new SparkfyException(goal + " failed, nothing was changed: " + e.getMessage(), e);
            } finally {
                open.remove(connection);
            }
        } catch (SQLException e) {
            throw new SparkfyException(goal + ": " + e.getMessage(), e);
        }
    }

    /** In a read-only transaction, rolled back at the end; a failure is "{@code failure}: the server's message". */
    <T> T readOnly(String failure, Work<T> work) {
        try (Connection connection = warehouse.connect()) {
            connection.setReadOnly(true);
            try {
                return work.run(connection);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new SparkfyException(failure + ": " + e.getMessage(), e);
        }
    }

    /** Ctrl-C: aborts the connection of every transaction running now, which the server then rolls back. */
    void abortOpen() {
        List.copyOf(open).forEach(warehouse::abort); // not a transaction that begins meanwhile
    }

    void done(String goal, long startedNanos) {
        log.info(String.format("%s done on %s in %.2f s", goal, warehouse.description(),
                (System.nanoTime() - startedNanos) / 1e9));
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the connection is gone: the server rolls back on its own
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}
