package io.sparkfy.dw.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waits on events with a bound, so that a broken build fails instead of hanging; a passing run never reaches it. */
public final class Waits {

    public static final long GUARD_SECONDS = 60;

    private Waits() {
    }

    public static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(GUARD_SECONDS, TimeUnit.SECONDS), what);
    }

    public static void join(Thread thread, String what) throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        assertFalse(thread.isAlive(), what);
    }
}
