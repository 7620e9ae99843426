package io.sparkfy.dw.job;

/** How jobs run: for real, or as a printed plan. Picked once, when the pipeline is built. */
interface Execution {

    <T> T run(Job<T> job);
}
