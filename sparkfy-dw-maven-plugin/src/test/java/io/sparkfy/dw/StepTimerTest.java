package io.sparkfy.dw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.Waits;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The timer's lanes, ticked by the test on the test's clock: each tick tells every lane that runs a step, and no
 * idle one. The timer's thread asking for its next tick is the event that the tick before it is over.
 */
class StepTimerTest {

    @Test
    void eachTickTellsTheLanesThatRunAStepAndNoIdleOne() throws Exception {
        AtomicLong clock = new AtomicLong();
        Semaphore ticks = new Semaphore(0);
        Semaphore waiting = new Semaphore(0);
        RecordingLog log = new RecordingLog();
        StepTimer.Ticks next = () -> {
            waiting.release();
            ticks.acquire();
        };
        try (StepTimer timer = new StepTimer(log, "insert-dw: ", clock::get, next)) {
            awaitTick(waiting, "the timer never asked for its first tick");
            StepTimer.Lane plays = timer.lane("fast_build_plays");
            StepTimer.Lane users = timer.lane("fast_build_users");
            plays.step("songs");
            users.step("time");
            users.idle();
            clock.set(12_000_000_000L);
            ticks.release();
            awaitTick(waiting, "the first tick did not end");
            assertEquals(List.of("INFO insert-dw: fast_build_plays: songs: running for 12 s"), log.lines,
                    "the idle lane says nothing");

            plays.idle();
            users.step("the keys of songplays");
            timer.step("swapping the new star in");
            clock.set(150_000_000_000L);
            ticks.release();
            awaitTick(waiting, "the second tick did not end");
        }
        assertEquals(List.of("INFO insert-dw: fast_build_plays: songs: running for 12 s",
                "INFO insert-dw: swapping the new star in: running for 2 min 18 s",
                "INFO insert-dw: fast_build_users: the keys of songplays: running for 2 min 18 s"), log.lines);
    }

    private static void awaitTick(Semaphore waiting, String what) throws InterruptedException {
        assertTrue(waiting.tryAcquire(Waits.GUARD_SECONDS, TimeUnit.SECONDS), what);
    }
}
