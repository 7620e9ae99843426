package io.sparkfy.dw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.Waits;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The timer's lanes, ticked by the test on the test's clock: each tick tells every lane that runs a step, and no
 * idle one. Lanes are told in the order they were made, so the last lane's line closes its tick.
 */
class StepTimerTest {

    @Test
    void eachTickTellsTheLanesThatRunAStepAndNoIdleOne() throws Exception {
        AtomicLong clock = new AtomicLong();
        Semaphore ticks = new Semaphore(0);
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        RecordingLog log = new RecordingLog();
        Log watching = new Log() {
            @Override public void info(String message) {
                log.info(message);
                if (message.startsWith("insert-dw: fast_build_plays: ")) {
                    first.countDown();
                } else if (message.startsWith("insert-dw: fast_build_users: ")) {
                    second.countDown();
                }
            }
            @Override public void warn(String message) { log.warn(message); }
            @Override public void debug(String message) { log.debug(message); }
        };
        try (StepTimer timer = new StepTimer(watching, "insert-dw: ", clock::get, ticks::acquire)) {
            StepTimer.Lane plays = timer.lane("fast_build_plays");
            StepTimer.Lane users = timer.lane("fast_build_users");
            plays.step("songs");
            users.step("time");
            users.idle();
            clock.set(12_000_000_000L);
            ticks.release();
            Waits.await(first, "the plays lane was not told");

            plays.idle();
            users.step("the keys of songplays");
            timer.step("swapping the new star in");
            clock.set(150_000_000_000L);
            ticks.release();
            Waits.await(second, "the users lane was not told");
        }
        assertEquals(List.of("INFO insert-dw: fast_build_plays: songs: running for 12 s",
                "INFO insert-dw: swapping the new star in: running for 2 min 18 s",
                "INFO insert-dw: fast_build_users: the keys of songplays: running for 2 min 18 s"), log.lines);
    }
}
