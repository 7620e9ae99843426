package io.sparkfy.dw;

/** A count and its noun for log lines: "1 file", "2,000 files", never "1 files". */
public final class Plural {

    private Plural() {
    }

    /** The count with thousands separators and the noun agreeing with it; the plural adds an s. */
    public static String of(long count, String noun) {
        return of(count, noun, noun + "s");
    }

    /** For nouns whose plural is not the noun and an s ("query", "queries"). */
    public static String of(long count, String noun, String plural) {
        return String.format("%,d %s", count, count == 1 ? noun : plural);
    }
}
