package io.sparkfy.dw.job;

/** One goal's work: the plan a dry run prints, and the real run. */
interface Job<T> {

    /** The goal's name, for log lines, errors and the warehouse lock. */
    String goal();

    /** Jobs that change the warehouse take its lock, so that goals of different builds take turns. */
    boolean changesWarehouse();

    /** The statements it would run; built only for a dry run. */
    Plan<T> plan();

    T run(TransactionRunner transactions);
}
