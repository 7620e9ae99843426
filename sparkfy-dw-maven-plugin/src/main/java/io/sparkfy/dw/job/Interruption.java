package io.sparkfy.dw.job;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or a stopped build) during a goal that changes the warehouse. SIGINT starts the JVM's shutdown, in which
 * the embedded server's own hook stops it: the goal's statement then fails with the driver's words ("Database
 * connection failed when writing to copy"), which say nothing of what happened. While the goal runs, a hook of its
 * own interrupts the goal's thread and gives it a few seconds to roll back and say so; a failure is told as an
 * interruption when the goal's thread was interrupted or the JVM is shutting down.
 */
final class Interruption implements AutoCloseable {

    /** How long the JVM's exit waits for an interrupted goal to roll back and report. */
    private static final long ROLLBACK_SECONDS = 10;

    private final Thread hook;
    private final CountDownLatch over = new CountDownLatch(1);

    private Interruption(Thread goal, Runnable abort) {
        this.hook = new Thread(() -> {
            goal.interrupt();
            abort.run();
            try {
                over.await(ROLLBACK_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sparkfy-dw-interrupt");
    }

    /** Watches the calling thread's goal until {@link #close()}; on Ctrl-C, also runs {@code abort}. */
    static Interruption watch(Runnable abort) {
        Interruption interruption = new Interruption(Thread.currentThread(), abort);
        try {
            Runtime.getRuntime().addShutdownHook(interruption.hook);
        } catch (IllegalStateException e) {
            // the JVM is already exiting: the goal fails at its first statement, told as an interruption
        }
        return interruption;
    }

    /** True when {@code failure} comes from an interruption: of this thread, of its I/O, or of the whole JVM. */
    static boolean caused(Throwable failure) {
        if (Thread.currentThread().isInterrupted() || shuttingDown()) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof InterruptedIOException
                    || t instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** The failure of a goal whose one transaction was interrupted and rolled back. */
    static SparkfyException rolledBack(String goal, Throwable cause) {
        return new Interrupted(goal + " was interrupted (Ctrl-C, or the build was stopped): nothing was changed,"
                + " its transaction was rolled back", cause);
    }

    /**
     * The failure of a goal interrupted in one of several transactions: {@code failure} says what was rolled back
     * and what stays (create-tables' migrations commit one by one).
     */
    static RuntimeException told(String goal, RuntimeException failure) {
        if (failure instanceof Interrupted || !caused(failure)) {
            return failure;
        }
        return new Interrupted(goal + " was interrupted (Ctrl-C, or the build was stopped): " + failure.getMessage(),
                failure);
    }

    /**
     * During the JVM's exit Maven may not get to print the goal's failure: the goal logs it itself, before the hook
     * lets the exit go on.
     */
    static void report(RuntimeException failure, Log log) {
        if (shuttingDown()) {
            log.warn(failure.getMessage());
        }
    }

    /** The goal is over: the JVM's exit need not wait for it any more. */
    @Override
    public void close() {
        over.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // exiting: the hook runs, and returns at once
        }
    }

    /** A failure already told as an interruption. */
    private static final class Interrupted extends SparkfyException {
        Interrupted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Adding a hook is refused once the JVM's shutdown has begun: the one reliable test for it. */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
