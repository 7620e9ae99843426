package io.sparkfy.dw.job;

import io.sparkfy.dw.target.Serving;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ends a serve goal from another thread: {@link Pipeline#serve} blocks until {@link #stop()} (its own shutdown hook
 * on Ctrl-C, a test). Events only: the serving thread waits on a latch, and so does whoever wants it stopped.
 */
public final class ServeControl {

    /** How long the JVM's exit waits for the goal to stop its server (a fast shutdown: this only ends a hang). */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(60);

    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Serving serving;

    /** Asks the serve goal to stop; returns at once (see {@link #awaitStopped}). */
    public void stop() {
        stop.countDown();
    }

    /** Where it serves, once it does; null if it ended first (a failure) or {@code timeout} passed. */
    public Serving awaitReady(Duration timeout) throws InterruptedException {
        if (!ready.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return null;
        }
        return serving;
    }

    /** Whether the goal ended (its server stopped or handed over) within {@code timeout}. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Until the returned hook is removed, the JVM's exit (Ctrl-C) stops the goal as {@link #stop()} does and waits
     * until it has stopped its server: the goal ends cleanly and says so, rather than being cut off mid-wait.
     */
    Runnable stopOnExit() {
        Thread hook = new Thread(() -> {
            stop();
            try {
                awaitStopped(EXIT_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sparkfy-dw-serve-stop");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            stop(); // the JVM is already exiting: the goal stops as soon as it serves
            return () -> { };
        }
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // exiting: the hook is running, and returns once the goal has ended
            }
        };
    }

    void serving(Serving serving) {
        this.serving = serving;
        ready.countDown();
    }

    void awaitStop() throws InterruptedException {
        stop.await();
    }

    /** The goal is over, served or not: nobody waits for a start that will not come. */
    void ended() {
        ready.countDown();
        stopped.countDown();
    }
}
