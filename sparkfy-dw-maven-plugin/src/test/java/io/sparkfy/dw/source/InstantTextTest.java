package io.sparkfy.dw.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A local file's version is the text Instant.toString() writes, whatever the instant: the ledger compares them. */
class InstantTextTest {

    private static void same(long epochNanos) {
        assertEquals(Instant.ofEpochSecond(0, epochNanos).toString(), InstantText.of(epochNanos),
                "epoch nanos " + epochNanos);
    }

    @Test
    void edgesOfDaysMonthsYearsFractionsAndTheLongsRange() {
        long[] seconds = {0, 1, 59, 60, 86_399, 86_400, 951_782_399L /* 2000-02-28T23:59:59 */, 951_868_800L,
            4_107_542_399L /* 2100-02-28T23:59:59 */, 4_107_542_400L, 1_709_164_800L /* 2024-02-29 */,
            9_223_372_035L /* 2262-04-11, the last second a long of nanoseconds reaches */, -1, -86_400,
            -9_223_372_036L};
        int[] nanos = {0, 1, 999, 1_000, 1_000_000, 123_000_000, 123_456_000, 123_456_789, 999_999_999};
        for (long second : seconds) {
            for (int nano : nanos) {
                same(Math.addExact(Math.multiplyExact(second, 1_000_000_000L), nano));
            }
        }
        same(Long.MAX_VALUE);
        same(Long.MIN_VALUE);
    }

    @Test
    void aMillionRandomInstantsFrom1970To2262() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 1_000_000; i++) {
            long second = random.nextLong(0, 9_223_372_035L);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            same(second * 1_000_000_000L + nano);
        }
    }
}
