package io.sparkfy.dw.generate;

import java.util.SplittableRandom;

/**
 * The random streams of one seed. Every record (a song, an artist, a pool entry) draws from a stream of its own, keyed
 * by a salt and its index, so it can be re-derived on demand and does not depend on how many records came before.
 */
final class RandomStreams {

    private final long seed;

    RandomStreams(long seed) {
        this.seed = seed;
    }

    SplittableRandom stream(long salt, long index) {
        return new SplittableRandom(mix64(mix64(seed ^ salt) + index * 0x9E3779B97F4A7C15L));
    }

    /** Bijective on 32 bits, so ids built from it are unique without a set. */
    int scramble(int index, long salt) {
        return (int) (index * 0x9E3779B1L + mix64(seed ^ salt));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
