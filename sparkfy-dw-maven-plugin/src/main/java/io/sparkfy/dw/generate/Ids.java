package io.sparkfy.dw.generate;

import java.util.SplittableRandom;

/**
 * Track, song and artist ids in the sample's shapes: a prefix, five random characters, a fixed middle, then eight hex
 * digits that are unique per index (so no set of used ids is needed).
 */
final class Ids {

    private static final long SALT_TRACK_ID = 0x545249L;
    private static final long SALT_SONG_ID = 0x534f49L;
    private static final long SALT_ARTIST_ID = 0x415249L;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final RandomStreams randoms;

    Ids(RandomStreams randoms) {
        this.randoms = randoms;
    }

    String trackId(SplittableRandom r, int song) {
        return "TR" + randomChars(r, 5, UPPER) + "12" + Draws.oneOf(r, "8", "9", "A")
                + hex8(randoms.scramble(song, SALT_TRACK_ID));
    }

    String songId(SplittableRandom r, int song) {
        return "SO" + randomChars(r, 5, UPPER) + "12A" + hex8(randoms.scramble(song, SALT_SONG_ID));
    }

    String artistId(SplittableRandom r, int artist) {
        return "AR" + randomChars(r, 5, ALNUM) + "11" + Draws.oneOf(r, "8", "9", "A")
                + hex8(randoms.scramble(artist, SALT_ARTIST_ID));
    }

    private static String randomChars(SplittableRandom r, int n, String alphabet) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
        }
        return new String(c);
    }

    private static String hex8(int v) {
        char[] c = new char[8];
        for (int i = 7; i >= 0; i--) {
            c[i] = HEX[v & 15];
            v >>>= 4;
        }
        return new String(c);
    }
}
