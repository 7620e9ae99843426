package io.sparkfy.dw.job;

import io.sparkfy.dw.Log;

/** Prints each job's plan; connects to nothing and changes nothing. */
final class DryRun implements Execution {

    private final String warehouse;
    private final Log log;

    DryRun(String warehouse, Log log) {
        this.warehouse = warehouse;
        this.log = log;
    }

    @Override
    public <T> T run(Job<T> job) {
        return job.plan().print(log, warehouse);
    }
}
