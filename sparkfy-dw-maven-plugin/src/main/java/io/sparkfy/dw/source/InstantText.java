package io.sparkfy.dw.source;

import java.time.Instant;

/**
 * An instant as {@link Instant#toString()} writes it (ISO-8601, UTC, the fraction in groups of three digits), for a
 * local file's version in the load ledger: a listing of 100,000 files formats 100,000 of them, and Instant's
 * formatter costs a fresh JVM a few hundred milliseconds there. Instants from 1970 on (to 2262, as far as a long
 * of nanoseconds goes) are written here, earlier ones by Instant itself; a test holds the two to the same text.
 */
final class InstantText {

    private InstantText() {
    }

    static String of(long epochNanos) {
        long second = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nano = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        if (second < 0) {
            return Instant.ofEpochSecond(second, nano).toString();
        }
        long day = second / 86_400;
        int secondOfDay = (int) (second % 86_400);
        // Days to a civil date (Howard Hinnant's algorithm), from 0000-03-01 so that leap days end a year.
        long z = day + 719_468;
        long era = z / 146_097;
        int dayOfEra = (int) (z - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int monthIndex = (5 * dayOfYear + 2) / 153;
        int dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
        int month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
        long year = era * 400 + yearOfEra + (month <= 2 ? 1 : 0);

        char[] text = new char[30];
        digits(text, 0, (int) year, 4);
        text[4] = '-';
        digits(text, 5, month, 2);
        text[7] = '-';
        digits(text, 8, dayOfMonth, 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3_600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        int n = 19;
        if (nano != 0) {
            text[n++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(text, n, nano / 1_000_000, 3);
                n += 3;
            } else if (nano % 1_000 == 0) {
                digits(text, n, nano / 1_000, 6);
                n += 6;
            } else {
                digits(text, n, nano, 9);
                n += 9;
            }
        }
        text[n++] = 'Z';
        return new String(text, 0, n);
    }

    /** {@code value} in exactly {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
