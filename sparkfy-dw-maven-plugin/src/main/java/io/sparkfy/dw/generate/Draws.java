package io.sparkfy.dw.generate;

import java.util.List;
import java.util.SplittableRandom;

/** Random choices shared by the songs and the events. */
final class Draws {

    private Draws() {
    }

    static <T> T pick(SplittableRandom r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    @SafeVarargs
    static <T> T oneOf(SplittableRandom r, T... values) {
        return values[r.nextInt(values.length)];
    }

    /** An index below n where low indices come far more often: popular songs, active users, common agents. */
    static int skewed(SplittableRandom r, int n) {
        double x = r.nextDouble();
        return Math.min(n - 1, (int) (n * (x * x)));
    }
}
