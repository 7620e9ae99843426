package io.sparkfy.dw.generate;

import static io.sparkfy.dw.generate.Draws.skewed;
import static io.sparkfy.dw.generate.SampleJson.decimal5;

import java.util.SplittableRandom;

/**
 * What NextSong events play: four in ten are songs of the catalog, the rest come from a pool of plays no song file
 * has, like most plays of the real logs. Pool lengths are odd 1e-5 units and song durations even, so a pool play can
 * never match a song by accident.
 */
final class Plays {

    private static final long SALT_POOL = 0x706f6f6cL;

    private final SongCatalog catalog;
    private final RandomStreams randoms;
    private final SongNames names;
    private final Play[] pool; // filled on first use

    Plays(SongCatalog catalog, RandomStreams randoms, Vocabulary vocabulary, long events) {
        this.catalog = catalog;
        this.randoms = randoms;
        this.names = new SongNames(vocabulary);
        this.pool = new Play[(int) Math.max(500, Math.min(50_000, events / 20))];
    }

    Play next(SplittableRandom r) {
        if (r.nextInt(100) < 40) {
            int song = skewed(r, catalog.size());
            return new Play(catalog.title(song), catalog.artistNameOf(song), catalog.length(song), true);
        }
        int p = skewed(r, pool.length);
        Play play = pool[p];
        if (play == null) {
            play = pool[p] = unmatched(p);
        }
        return play;
    }

    private Play unmatched(int p) {
        SplittableRandom r = randoms.stream(SALT_POOL, p);
        String title = names.title(r, true);
        String artist = names.artist(r, true);
        double seconds = Math.max(15.0, Math.min(1800.0, 235.0 * Math.exp(0.45 * r.nextGaussian())));
        long units = Math.round(seconds * 100_000.0) | 1;
        return new Play(title, artist, decimal5(units), false);
    }
}
