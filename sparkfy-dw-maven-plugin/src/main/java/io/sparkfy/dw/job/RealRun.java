package io.sparkfy.dw.job;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.WarehouseLock;
import java.time.Duration;

/** Runs jobs on the warehouse; those that change it hold the warehouse lock while they run. */
final class RealRun implements Execution {

    private final Warehouse warehouse;
    private final Duration lockTimeout;
    private final Log log;
    private final TransactionRunner transactions;

    RealRun(Warehouse warehouse, Duration lockTimeout, Log log) {
        this.warehouse = warehouse;
        this.lockTimeout = lockTimeout;
        this.log = log;
        this.transactions = new TransactionRunner(warehouse, log);
    }

    @Override
    public <T> T run(Job<T> job) {
        if (!job.changesWarehouse()) {
            return job.run(transactions);
        }
        // Ctrl-C from here on rolls back and says so
        Interruption interruption = Interruption.watch(transactions::abortOpen);
        try {
            WarehouseLock lock;
            try {
                lock = warehouse.lock(lockTimeout, job.goal(), log);
            } catch (RuntimeException e) {
                // Not reached, or held by another goal too long: the job never started, so no run is recorded.
                log.debug(job.goal() + ": did not start, so no run is recorded in " + RunHistory.RUNS + ": "
                        + e.getMessage());
                throw e;
            }
            try (lock) {
                return job.run(transactions);
            }
        } catch (RuntimeException e) {
            Interruption.report(e, log);
            throw e;
        } finally {
            interruption.close();
        }
    }
}
