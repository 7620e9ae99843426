package io.sparkfy.dw.copy;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which objects a load takes besides the new ones ({@code sparkfy.reload}): none (the default: only objects the
 * ledger does not hold, or holds with another size or version), {@code all} (every object, staging and the
 * ledger's rows of the table replaced: the load before the ledger), a glob over the object's relative name
 * ({@code 2018/11/2018-11-1*}), or an inclusive date range of log files ({@code 2018-11-03..2018-11-05}), matched
 * on the first {@code YYYY-MM-DD} in the file's name. Parsed once, here; a bad value fails saying what is allowed.
 */
public final class Reload {

    /** Only what is new: the default. */
    public static final Reload NEW = new Reload(Kind.NEW, "new", null, null, null);
    /** Everything, as every load did before the ledger. */
    public static final Reload ALL = new Reload(Kind.ALL, "all", null, null, null);

    private static final Pattern RANGE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\.\\.(\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern DATE = Pattern.compile("(?<!\\d)(\\d{4}-\\d{2}-\\d{2})(?!\\d)");

    private enum Kind { NEW, ALL, GLOB, DATES }

    private final Kind kind;
    private final String text;
    private final Pattern glob;
    private final LocalDate from;
    private final LocalDate to;

    private Reload(Kind kind, String text, Pattern glob, LocalDate from, LocalDate to) {
        this.kind = kind;
        this.text = text;
        this.glob = glob;
        this.from = from;
        this.to = to;
    }

    /**
     * {@code null}, blank or {@code new}: {@link #NEW}; {@code all}: {@link #ALL}; {@code YYYY-MM-DD..YYYY-MM-DD}:
     * a date range; anything else a glob. Throws {@link IllegalArgumentException} saying why a value is refused.
     */
    public static Reload parse(String value) {
        if (value == null || value.isBlank()) {
            return NEW;
        }
        String text = value.strip();
        switch (text.toLowerCase(Locale.ROOT)) {
            case "new": return NEW;
            case "all": return ALL;
            default: break;
        }
        Matcher range = RANGE.matcher(text);
        if (range.matches()) {
            LocalDate from = date(range.group(1), text);
            LocalDate to = date(range.group(2), text);
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("the date range '" + text + "' ends before it starts");
            }
            return new Reload(Kind.DATES, text, null, from, to);
        }
        if (text.contains("..") && !text.contains("/") && !text.contains("*")) {
            throw new IllegalArgumentException("'" + text + "' is not a date range: write YYYY-MM-DD..YYYY-MM-DD"
                    + " (both ends included), all, or a glob over the files' relative names such as"
                    + " 2018/11/2018-11-1*");
        }
        return new Reload(Kind.GLOB, text, glob(text), null, null);
    }

    /** Every object, whatever the ledger holds; the ledger's rows of the table are replaced. */
    public boolean all() {
        return kind == Kind.ALL;
    }

    /** Whether this names the object (by its relative name) for a reload: {@code all} names every one. */
    public boolean names(String relativeName) {
        switch (kind) {
            case ALL: return true;
            case GLOB: return glob.matcher(relativeName).matches();
            case DATES:
                Matcher date = DATE.matcher(relativeName.substring(relativeName.lastIndexOf('/') + 1));
                if (!date.find()) {
                    return false;
                }
                try {
                    LocalDate day = LocalDate.parse(date.group(1));
                    return !day.isBefore(from) && !day.isAfter(to);
                } catch (DateTimeParseException e) {
                    return false;
                }
            default: return false;
        }
    }

    /** For log lines and plans: {@code new}, {@code all}, the glob or the range as given. */
    @Override
    public String toString() {
        return text;
    }

    private static LocalDate date(String text, String value) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' in '" + value + "' is not a date (YYYY-MM-DD)");
        }
    }

    /**
     * A glob as a regex over '/'-separated names: {@code *} and {@code ?} stay within one folder, {@code **}
     * crosses folders, {@code [abc]}, {@code [a-z]}, {@code [!a]} and {@code {a,b}} as in shells.
     */
    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        regex.append(".*");
                        i++;
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException("the glob '" + glob + "' has a [ without its ]");
                    }
                    String set = glob.substring(i + 1, end);
                    regex.append('[').append(set.startsWith("!") ? "^" + quoteSet(set.substring(1)) : quoteSet(set))
                            .append(']');
                    i = end;
                }
                case '{' -> {
                    braces++;
                    regex.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        throw new IllegalArgumentException("the glob '" + glob + "' has a } without its {");
                    }
                    braces--;
                    regex.append(')');
                }
                case ',' -> regex.append(braces > 0 ? "|" : ",");
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces > 0) {
            throw new IllegalArgumentException("the glob '" + glob + "' has a { without its }");
        }
        try {
            return Pattern.compile(regex.toString());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("the glob '" + glob + "' is not valid: " + e.getDescription());
        }
    }

    private static String quoteSet(String set) {
        return set.replace("\\", "\\\\").replace("[", "\\[").replace("&&", "\\&\\&").replace("^", "\\^");
    }
}
