package io.sparkfy.dw.generate;

import static io.sparkfy.dw.generate.Draws.oneOf;
import static io.sparkfy.dw.generate.Draws.pick;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Song titles and artist names built from the vocabulary, with the oddities of the real data (non-ASCII, quotes,
 * apostrophes, the odd backslash) so a load meets them all. "Exotic" names, for plays that match no song file, have
 * more of them, and some are double-encoded (mojibake) like the real logs.
 */
final class SongNames {

    private final Vocabulary words;

    SongNames(Vocabulary words) {
        this.words = words;
    }

    String title(SplittableRandom r, boolean exotic) {
        String t = r.nextInt(1000) < (exotic ? 30 : 12) ? foreignTitle(r) : wordTitle(r, exotic);
        if (exotic && r.nextInt(100) < 4) {
            t = mojibake(t);
        }
        return t;
    }

    private String foreignTitle(SplittableRandom r) {
        String t = pick(r, words.foreignTitles());
        if (r.nextBoolean()) {
            t = t + " " + pick(r, words.foreignTitles());
        }
        return t;
    }

    private String wordTitle(SplittableRandom r, boolean exotic) {
        int count = 1 + r.nextInt(4);
        StringBuilder b = new StringBuilder();
        for (int w = 0; w < count; w++) {
            if (w > 0) {
                b.append(' ');
            }
            int p = r.nextInt(100);
            if (p < (exotic ? 6 : 3)) {
                b.append(pick(r, words.accentedWords()));
            } else if (p < (exotic ? 10 : 6)) {
                b.append(pick(r, words.apostropheWords()));
            } else {
                b.append(pick(r, words.titleWords()));
            }
        }
        String t = b.toString();
        if (r.nextInt(1000) < 8) {
            t = t + " \\ " + pick(r, words.titleWords()); // rare backslash
        }
        if (r.nextInt(100) < 2) {
            t = "\"" + t + "\"";
        }
        if (r.nextInt(100) < 6) {
            t = t + " " + pick(r, words.titleSuffixes());
        }
        return t;
    }

    String artist(SplittableRandom r, boolean exotic) {
        int kind = r.nextInt(100);
        String a;
        if (kind < (exotic ? 14 : 7)) {
            a = pick(r, words.nonAsciiArtists());
        } else if (kind < (exotic ? 20 : 12)) {
            a = pick(r, words.quotedArtists());
        } else if (kind < 40) {
            a = soloArtist(r, exotic);
        } else if (kind < 60) {
            a = "The " + pick(r, words.titleWords()) + " " + plural(pick(r, words.titleWords()));
        } else if (kind < 75) {
            a = pick(r, words.titleWords()) + " " + pick(r, words.titleWords());
        } else if (kind < 85) {
            a = pick(r, words.maleFirstNames()) + " " + pick(r, words.lastNames()) + " & The "
                    + plural(pick(r, words.titleWords()));
        } else if (kind < 93) {
            a = oneOf(r, "DJ ", "MC ", "Lil ", "") + pick(r, words.titleWords());
        } else {
            a = pick(r, words.lastNames()) + " feat. " + pick(r, words.femaleFirstNames()) + " "
                    + pick(r, words.lastNames());
        }
        if (r.nextInt(1000) < 2) {
            a = a + "\\" + pick(r, words.titleWords()); // rare backslash
        }
        if (exotic && r.nextInt(100) < 5) {
            a = mojibake(a);
        }
        return a;
    }

    private String soloArtist(SplittableRandom r, boolean exotic) {
        String first = r.nextInt(100) < (exotic ? 25 : 10) ? pick(r, words.accentedFirstNames())
                : r.nextBoolean() ? pick(r, words.maleFirstNames()) : pick(r, words.femaleFirstNames());
        return first + " " + pick(r, words.lastNames());
    }

    private static String plural(String word) {
        return word.endsWith("s") ? word : word + "s";
    }

    /** UTF-8 read as Latin-1 twice: "é" becomes "Ã\u0083Â©", as in the real logs. */
    private static String mojibake(String s) {
        String once = new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        return new String(once.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
