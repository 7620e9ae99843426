package io.sparkfy.dw.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Ages as they are set, and the level an age reaches. */
class FreshnessTest {

    @Test
    void agesAreMinutesHoursDaysIsoOrOff() {
        assertEquals(Duration.ofMinutes(90), Freshness.parseAge("90m"));
        assertEquals(Duration.ofHours(36), Freshness.parseAge(" 36H "));
        assertEquals(Duration.ofDays(2), Freshness.parseAge("2d"));
        assertEquals(Duration.ofHours(36), Freshness.parseAge("PT36H"));
        assertNull(Freshness.parseAge("off"));
        for (String bad : new String[] {"soon", "36", "-1h", "PT-1H", "1.5h", "1w"}) {
            assertEquals("an age is whole minutes, hours or days such as 90m, 36h or 2d (or an ISO-8601 duration such"
                    + " as PT36H, or off), not '" + bad + "'", assertThrows(IllegalArgumentException.class,
                    () -> Freshness.parseAge(bad)).getMessage());
        }
    }

    @Test
    void anAgeOverALimitReachesItsLevelAndAFutureNewestIsFresh() {
        Freshness ages = Freshness.DEFAULT;
        assertNull(ages.judge(Duration.ofHours(36)), "at the limit: not over it");
        assertEquals(Severity.WARN, ages.judge(Duration.ofHours(36).plusSeconds(1)));
        assertEquals(Severity.WARN, ages.judge(Duration.ofHours(72)));
        assertEquals(Severity.ERROR, ages.judge(Duration.ofHours(72).plusMillis(1)));
        assertNull(ages.judge(Duration.ofHours(-5)));
        assertNull(new Freshness(null, null).judge(Duration.ofDays(4000)));
        assertEquals(Severity.ERROR, new Freshness(null, Duration.ofDays(1)).judge(Duration.ofDays(2)));
        assertEquals("warn after 36h, error after 3d", ages.describe());
        assertEquals("error after 1d", new Freshness(null, Duration.ofDays(1)).describe());
        assertEquals("2922d 16h 49m", Freshness.format(Duration.ofDays(2922).plusHours(16).plusMinutes(49)));
        assertEquals("0m", Freshness.format(Duration.ofSeconds(30)));
        assertEquals("the warn age (3d) is longer than the error age (1d)", assertThrows(IllegalArgumentException.class,
                () -> new Freshness(Duration.ofDays(3), Duration.ofDays(1))).getMessage());
    }
}
