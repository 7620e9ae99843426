package io.sparkfy.dw.check;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ages that judge a freshness check, like dbt's source freshness: older than {@code errorAfter} fails, older
 * than {@code warnAfter} warns. Either may be null: that level is off.
 */
public record Freshness(Duration warnAfter, Duration errorAfter) {

    /** The ages a freshness check may name: the newest play, and the newest file the ledger loaded. */
    public static final List<String> NAMES = List.of("plays", "loads");
    /** A daily schedule may run late by a few hours (warn); two missing days fail. */
    public static final Freshness DEFAULT = new Freshness(Duration.ofHours(36), Duration.ofHours(72));

    private static final Pattern AGE = Pattern.compile("(\\d{1,9})\\s*([mhd])");

    public Freshness {
        if (warnAfter != null && errorAfter != null && warnAfter.compareTo(errorAfter) > 0) {
            throw new IllegalArgumentException("the warn age (" + limit(warnAfter) + ") is longer than the error age ("
                    + limit(errorAfter) + ")");
        }
    }

    /**
     * An age: whole minutes, hours or days ({@code 90m}, {@code 36h}, {@code 2d}), an ISO-8601 duration
     * ({@code PT36H}), or {@code off} (null). Anything else is refused, saying what is expected.
     */
    public static Duration parseAge(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("off")) {
            return null;
        }
        Matcher m = AGE.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (value.startsWith("p")) {
            try {
                Duration parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
                if (!parsed.isNegative()) {
                    return parsed;
                }
            } catch (java.time.format.DateTimeParseException e) {
                // the message below says what was expected
            }
        }
        throw new IllegalArgumentException("an age is whole minutes, hours or days such as 90m, 36h or 2d (or an"
                + " ISO-8601 duration such as PT36H, or off), not '" + text + "'");
    }

    /** The level an age reaches: error, warn, or null (fresh). A newest value in the future is fresh. */
    Severity judge(Duration age) {
        if (errorAfter != null && age.compareTo(errorAfter) > 0) {
            return Severity.ERROR;
        }
        if (warnAfter != null && age.compareTo(warnAfter) > 0) {
            return Severity.WARN;
        }
        return null;
    }

    /** The ages that are on, for messages: "warn after 36h, error after 3d", "warn after 36h", "no ages". */
    String describe() {
        if (warnAfter == null && errorAfter == null) {
            return "no ages";
        }
        return (warnAfter == null ? "" : "warn after " + limit(warnAfter))
                + (warnAfter != null && errorAfter != null ? ", " : "")
                + (errorAfter == null ? "" : "error after " + limit(errorAfter));
    }

    /** An age as it would be set: whole days, else whole hours, else minutes; {@code off} for none. */
    static String limit(Duration age) {
        if (age == null) {
            return "off";
        }
        long minutes = age.toMinutes();
        return minutes % (24 * 60) == 0 && minutes > 0 ? minutes / (24 * 60) + "d"
                : minutes % 60 == 0 && minutes > 0 ? minutes / 60 + "h" : minutes + "m";
    }

    /** An age as days, hours and minutes: {@code 2563d 4h 5m}, {@code 36h}, {@code 0m}. */
    static String format(Duration age) {
        if (age.isNegative()) {
            return "-" + format(age.negated());
        }
        long days = age.toDays();
        int hours = age.toHoursPart();
        int minutes = age.toMinutesPart();
        StringBuilder out = new StringBuilder();
        if (days > 0) {
            out.append(days).append('d');
        }
        if (hours > 0) {
            out.append(out.isEmpty() ? "" : " ").append(hours).append('h');
        }
        if (minutes > 0 || out.isEmpty()) {
            out.append(out.isEmpty() ? "" : " ").append(minutes).append('m');
        }
        return out.toString();
    }
}
