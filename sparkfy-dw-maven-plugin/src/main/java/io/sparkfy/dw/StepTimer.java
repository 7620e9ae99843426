package io.sparkfy.dw;

import java.util.function.LongSupplier;

/**
 * Says, every few seconds, how long the step now running has taken, so that a long statement is not silence in the
 * build log. A thread of its own waits for each tick and logs the step, if one runs; the ticks and the clock are
 * given, so that tests tick it themselves.
 */
public final class StepTimer implements AutoCloseable {

    /** How often a step still running is told. */
    public static final long EVERY_MILLIS = 5_000;

    /** Waits until the next line is due. */
    @FunctionalInterface
    public interface Ticks {
        void next() throws InterruptedException;
    }

    private record Running(String name, long started) {
    }

    private final LongSupplier clock;
    private final Thread thread;
    private volatile Running running;
    private volatile boolean closed;

    /** Lines start with {@code prefix} ("insert-dw: "); {@code clock} in nanoseconds. */
    public StepTimer(Log log, String prefix, LongSupplier clock, Ticks ticks) {
        this.clock = clock;
        this.thread = new Thread(() -> {
            try {
                while (!closed) {
                    ticks.next();
                    Running now = running;
                    if (now != null && !closed) {
                        log.info(String.format("%s%s: running for %s", prefix, now.name(),
                                seconds(clock.getAsLong() - now.started())));
                    }
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, "sparkfy-dw-step-timer");
        thread.setDaemon(true);
        thread.start();
    }

    /** One line every {@link #EVERY_MILLIS} ms on the system's clock. */
    public static StepTimer everyFewSeconds(Log log, String prefix) {
        return new StepTimer(log, prefix, System::nanoTime, () -> Thread.sleep(EVERY_MILLIS));
    }

    /** {@code name} begins now, and the step before it is over. */
    public void step(String name) {
        running = new Running(name, clock.getAsLong());
    }

    /** No step runs. */
    public void idle() {
        running = null;
    }

    @Override
    public void close() {
        closed = true;
        running = null;
        thread.interrupt();
    }

    private static String seconds(long nanos) {
        long s = Math.round(nanos / 1e9);
        return s < 120 ? s + " s" : String.format("%d min %02d s", s / 60, s % 60);
    }
}
