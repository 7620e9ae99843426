package io.sparkfy.dw;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Says, every few seconds, how long the step now running has taken, so that a long statement is not silence in the
 * build log. A thread of its own waits for each tick and logs the step, if one runs; the ticks and the clock are
 * given, so that tests tick it themselves. Work that runs on several connections at once (the fast full build's
 * sessions) gives each its own {@link Lane}: a tick tells every lane that runs a step, in the order they were made.
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

    /** One worker's steps, told as {@code <prefix><lane>: <step>: running for ...}; set from the worker's thread. */
    public final class Lane {
        private final String label;
        private volatile Running running;

        private Lane(String label) {
            this.label = label;
        }

        /** {@code name} begins now, and the lane's step before it is over. */
        public void step(String name) {
            running = new Running(name, clock.getAsLong());
        }

        /** The lane runs no step. */
        public void idle() {
            running = null;
        }
    }

    private final LongSupplier clock;
    private final Thread thread;
    private final List<Lane> lanes = new CopyOnWriteArrayList<>();
    private final Lane main = new Lane("");
    private volatile boolean closed;

    /** Lines start with {@code prefix} ("insert-dw: "); {@code clock} in nanoseconds. */
    public StepTimer(Log log, String prefix, LongSupplier clock, Ticks ticks) {
        this.clock = clock;
        lanes.add(main);
        this.thread = new Thread(() -> {
            try {
                while (!closed) {
                    ticks.next();
                    for (Lane lane : lanes) {
                        Running now = lane.running;
                        if (now != null && !closed) {
                            log.info(String.format("%s%s%s: running for %s", prefix, lane.label, now.name(),
                                    seconds(clock.getAsLong() - now.started())));
                        }
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

    /** A lane of its own for a worker named {@code name} (a session), idle until its first step. */
    public Lane lane(String name) {
        Lane lane = new Lane(name + ": ");
        lanes.add(lane);
        return lane;
    }

    /** {@code name} begins now, and the step before it is over (the goal's own thread). */
    public void step(String name) {
        main.step(name);
    }

    /** No step runs (on the goal's own thread). */
    public void idle() {
        main.idle();
    }

    @Override
    public void close() {
        closed = true;
        lanes.forEach(Lane::idle);
        thread.interrupt();
    }

    private static String seconds(long nanos) {
        long s = Math.round(nanos / 1e9);
        return s < 120 ? s + " s" : String.format("%d min %02d s", s / 60, s % 60);
    }
}
