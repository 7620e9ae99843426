package io.sparkfy.dw.generate;

import static io.sparkfy.dw.generate.SampleJson.decimal5;

import io.sparkfy.dw.generate.Vocabulary.Place;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The songs and artists of one seed. Only what plays need is kept (each song's artist and duration); titles, names and
 * whole records are re-derived from their own random streams on demand, which keeps the heap small for many songs.
 */
final class SongCatalog {

    private static final long SALT_SONG = 0x736f6e67L;
    private static final long SALT_TITLE = 0x7469746c65L;
    private static final long SALT_ARTIST = 0x6172746973L;
    private static final int MAX_CACHED = 1 << 18;

    private final RandomStreams randoms;
    private final SongNames names;
    private final List<Place> places;
    private final Ids ids;

    private final int[] artistOf;
    private final int[] durationUnits;
    private final int artistCount;

    // Popular songs (low indices, see Draws.skewed) are played often, so their strings are cached.
    private final String[] titleCache;
    private final String[] artistNameCache;
    private final String[] lengthCache;

    SongCatalog(int songs, RandomStreams randoms, Vocabulary vocabulary) {
        this.randoms = randoms;
        this.names = new SongNames(vocabulary);
        this.places = vocabulary.places();
        this.ids = new Ids(randoms);
        this.artistOf = new int[songs];
        this.durationUnits = new int[songs];
        this.artistCount = drawArtistsAndDurations();
        this.titleCache = new String[Math.min(songs, MAX_CACHED)];
        this.artistNameCache = new String[Math.min(artistCount, MAX_CACHED)];
        this.lengthCache = new String[titleCache.length];
    }

    /** Fills artistOf and durationUnits from one stream; returns the number of artists. */
    private int drawArtistsAndDurations() {
        SplittableRandom rng = randoms.stream(SALT_SONG, -1);
        int artists = 0;
        for (int i = 0; i < artistOf.length; i++) {
            if (i == 1) {
                artistOf[i] = 0; // guarantees at least one artist with several songs
            } else if (i > 1 && rng.nextInt(100) < 15) {
                artistOf[i] = rng.nextInt(artists);
            } else {
                artistOf[i] = artists++;
            }
            // Even units of 1e-5 s; the unmatched plays use odd units, so the two can never be equal.
            double seconds = 230.0 * Math.exp(0.4 * rng.nextGaussian());
            seconds = Math.max(20.0, Math.min(1500.0, seconds));
            durationUnits[i] = (int) Math.round(seconds * 100_000.0) & ~1;
        }
        return artists;
    }

    int size() {
        return artistOf.length;
    }

    int artistCount() {
        return artistCount;
    }

    /** The whole record of song i, for its file. */
    Song song(int i) {
        SplittableRandom r = randoms.stream(SALT_SONG, i);
        String trackId = ids.trackId(r, i);
        String songId = ids.songId(r, i);
        int year = r.nextInt(100) < 60 ? 0 : 1960 + r.nextInt(51);
        return new Song(trackId, songId, deriveTitle(i), decimal5(durationUnits[i]), year, artist(artistOf[i]));
    }

    String title(int song) {
        return cached(titleCache, song, this::deriveTitle);
    }

    String artistNameOf(int song) {
        return cached(artistNameCache, artistOf[song], this::deriveArtistName);
    }

    /** The song's duration as a play's length: the same text as in its song file. */
    String length(int song) {
        return cached(lengthCache, song, i -> decimal5(durationUnits[i]));
    }

    private String deriveTitle(int song) {
        return names.title(randoms.stream(SALT_TITLE, song), false);
    }

    private String deriveArtistName(int artist) {
        return names.artist(randoms.stream(SALT_ARTIST, artist), false);
    }

    private Artist artist(int a) {
        SplittableRandom r = randoms.stream(SALT_ARTIST, a);
        String name = names.artist(r, false); // must be drawn first: deriveArtistName() replays only this
        String id = ids.artistId(r, a);
        Place place = Draws.pick(r, places);
        String lat = null;
        String lon = null;
        if (r.nextInt(100) >= 55) {
            lat = coordinate(place.latitude(), r);
            lon = coordinate(place.longitude(), r);
        }
        String location = r.nextInt(100) < 40 ? "" : place.name();
        return new Artist(id, name, lat, lon, location);
    }

    /** The place's coordinate moved by up to 0.2 degrees, so artists of one place are not all on one spot. */
    private static String coordinate(double degrees, SplittableRandom r) {
        long units = Math.round(degrees * 100_000) + r.nextInt(-20_000, 20_001);
        if (Math.abs(units) < 10) {
            units += 10; // Python would print |x| < 1e-4 as "7e-05"; the real files never do
        }
        return decimal5(units);
    }

    private static String cached(String[] cache, int i, IntFunction<String> make) {
        if (i >= cache.length) {
            return make.apply(i);
        }
        String value = cache[i];
        if (value == null) {
            value = cache[i] = make.apply(i);
        }
        return value;
    }
}
