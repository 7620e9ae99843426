package io.sparkfy.dw.copy.convert;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.JulianFields;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * COPY's DATEFORMAT / TIMEFORMAT: 'auto', 'epochsecs', 'epochmillisecs' or a pattern, and how a JSON value's text is
 * read with it. Rules come from the Amazon Redshift Database Developer Guide, cited in comments by page:
 * <ul>
 * <li>[STRINGS] r_DATEFORMAT_and_TIMEFORMAT_strings.html: the pattern elements, defaults, fractional seconds</li>
 * <li>[AUTO] automatic-recognition.html: the layouts 'auto' recognises; date/time truncation and defaulting</li>
 * <li>[CONV] copy-parameters-data-conversion.html: option syntax, epoch formats, case-sensitive keywords</li>
 * <li>[TYPES] r_Datetime_types.html: microsecond resolution; TIMESTAMP ignores zones, TIMESTAMPTZ converts to UTC</li>
 * <li>[LITERALS] r_Date_and_time_literals.html: date and time input forms Redshift accepts</li>
 * </ul>
 */
final class DateTimeFormat {

    private enum Kind { AUTO, EPOCHSECS, EPOCHMILLISECS, PATTERN }

    /**
     * The dateparts and timeparts of [STRINGS], in the order they are tried (longest first). In COPY, HH is the
     * 24-hour clock (unlike SQL functions, where it is HH12) [STRINGS]. MON takes abbreviated or full names.
     */
    private enum Element {
        YYYY(4, true), YY(2, true), MON(0, true), MM(2, true), DD(2, true),
        HH24(2, false), HH12(2, false), HH(2, false), MI(2, false), SS(2, false), AM(0, false), PM(0, false);

        final int digits;
        final boolean date;

        Element(int digits, boolean date) {
            this.digits = digits;
            this.date = date;
        }
    }

    /** Pattern words that are not COPY elements, with what to use instead. */
    private static final Map<String, String> HINTS = Map.of(
            "MONTH", "MON takes abbreviated and full month names",
            "TZ", "a TIMEFORMAT cannot hold a time zone; use 'auto' for TIMESTAMPTZ input with zones",
            "OF", "a TIMEFORMAT cannot hold a time zone; use 'auto' for TIMESTAMPTZ input with zones",
            "MS", "SS takes fractional seconds up to microseconds",
            "US", "SS takes fractional seconds up to microseconds",
            "FF", "SS takes fractional seconds up to microseconds",
            "T", "use 'auto' for ISO 8601 date-times with a 'T'",
            "AUTO", "the keywords 'auto', 'epochsecs' and 'epochmillisecs' are case-sensitive",
            "EPOCHSECS", "the keywords 'auto', 'epochsecs' and 'epochmillisecs' are case-sensitive",
            "EPOCHMILLISECS", "the keywords 'auto', 'epochsecs' and 'epochmillisecs' are case-sensitive");

    private static final Map<String, Integer> MONTHS = months();

    /** Zone abbreviations as fixed offsets (PST in [AUTO]'s examples); other names go to ZoneId. */
    private static final Map<String, ZoneOffset> ZONE_ABBREVIATIONS = Map.ofEntries(
            Map.entry("UTC", ZoneOffset.UTC), Map.entry("GMT", ZoneOffset.UTC), Map.entry("UT", ZoneOffset.UTC),
            Map.entry("Z", ZoneOffset.UTC),
            Map.entry("EST", ZoneOffset.ofHours(-5)), Map.entry("EDT", ZoneOffset.ofHours(-4)),
            Map.entry("CST", ZoneOffset.ofHours(-6)), Map.entry("CDT", ZoneOffset.ofHours(-5)),
            Map.entry("MST", ZoneOffset.ofHours(-7)), Map.entry("MDT", ZoneOffset.ofHours(-6)),
            Map.entry("PST", ZoneOffset.ofHours(-8)), Map.entry("PDT", ZoneOffset.ofHours(-7)),
            Map.entry("AKST", ZoneOffset.ofHours(-9)), Map.entry("AKDT", ZoneOffset.ofHours(-8)),
            Map.entry("HST", ZoneOffset.ofHours(-10)), Map.entry("CET", ZoneOffset.ofHours(1)),
            Map.entry("CEST", ZoneOffset.ofHours(2)), Map.entry("JST", ZoneOffset.ofHours(9)));

    // Pieces of the 'auto' layouts. Time: HH:MI[:SS[.fraction]] or HHMISS as in '19960108 040809' [AUTO].
    private static final String TIME = "(?:(?<hh>\\d{1,2}):(?<mi>\\d{2})(?::(?<ss>\\d{2})(?:\\.(?<frac>\\d+))?)?"
            + "|(?<xh>\\d{2})(?<xm>\\d{2})(?<xs>\\d{2})(?:\\.(?<xf>\\d+))?)"
            + "(?:\\s*(?<ampm>AM|PM)\\b)?";
    // Zone: Z, a numeric offset ('-08' [AUTO], '-8:00' [STRINGS]) or a name ('PST' [AUTO]); never the era.
    private static final String ZONE = "(?:\\s*(?<tz>Z|[+-]\\d{1,2}(?::?\\d{2})?|(?!(?:BC|AD)\\b)[A-Z][A-Z_/+-]*))?";
    private static final String TAIL = "(?:(?:T|\\s+)" + TIME + ZONE + ")?(?:\\s+(?<era>BC|AD))?";
    private static final String MON = "(?<mon>[A-Z]{3,9})\\.?";
    private static final String YEAR = "(?<y>\\d{4}|\\d{2})";
    private static final List<Pattern> AUTO_LAYOUTS = List.of(
            layout("(?<y>\\d{4})-(?<m>\\d{1,2})-(?<d>\\d{1,2})" + TAIL),        // ISO 8601, YYYY-MM-DD HH:MI:SS.SSS
            layout("(?<m>\\d{1,2})/(?<d>\\d{1,2})/" + YEAR + TAIL),           // MM/DD/YYYY [STRINGS][AUTO], 01/02/00
            layout("(?<m>\\d{1,2})\\.(?<d>\\d{1,2})\\.(?<y>\\d{4})" + TAIL),   // 12.17.1997 07:37:16.00 PST [AUTO]
            layout(YEAR + "(?<m>\\d{2})(?<d>\\d{2})" + TAIL),                 // YYYYMMDD / YYMMDD HHMISS [AUTO]
            layout("(?<y>\\d{4})\\.(?<doy>\\d{3})" + TAIL),                   // YYYY.DDD [AUTO]
            layout("J(?<jd>\\d+)" + TAIL),                                     // Julian day [AUTO]
            layout(MON + "\\s*(?<d>\\d{1,2}),?\\s*" + YEAR + TAIL),            // March 31, 2003 [STRINGS]; Jun 1,2008
            layout(MON + "-(?<d>\\d{1,2})-" + YEAR + TAIL),             // Jan-01-1999 [STRINGS], Jan-08-95 BC [AUTO]
            layout("(?<d>\\d{1,2})-" + MON + "-" + YEAR + TAIL),               // 31-Jan-2000 [LITERALS]
            layout("(?<y>\\d{4})-" + MON + "-(?<d>\\d{1,2})" + TAIL),          // 2000-Jan-31 [LITERALS]
            // DD Mon HH:MI:SS YYYY TZ [AUTO]: the year comes after the time.
            layout("(?<d>\\d{1,2})\\s+" + MON + "\\s+" + TIME + "\\s+(?<y>\\d{4})" + ZONE + "(?:\\s+(?<era>BC|AD))?"));
    /** What may follow a DATE value's date part: a DATE column drops the time of day [AUTO]. */
    private static final Pattern TRAILING_TIME = layout("(?:T|\\s+)" + TIME + ZONE);
    private static final Pattern OFFSET = Pattern.compile("\\s*([+-]\\d{1,2}(?::?\\d{2})?)");
    private static final Pattern JSON_NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?");
    private static final Pattern DIGITS = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d+(?:\\.\\d+)?");

    // Defaults when the option is absent [STRINGS][CONV]: YYYY-MM-DD, and YYYY-MM-DD HH:MI:SS for TIMESTAMP or
    // YYYY-MM-DD HH:MI:SSOF for TIMESTAMPTZ; one format serves both, so the offset is optional.
    private static final DateTimeFormat DEFAULT_DATE = compile("DATEFORMAT", "YYYY-MM-DD", false);
    private static final DateTimeFormat DEFAULT_TIME = compile("TIMEFORMAT", "YYYY-MM-DD HH:MI:SS", true);

    private final String option;
    private final String copyText;
    private final Kind kind;
    private final List<Object> tokens; // Element or literal String; empty unless PATTERN
    private final boolean trailingOffset;
    private final int timeOnlyFrom; // index from which no date element follows

    private DateTimeFormat(String option, String copyText, Kind kind, List<Object> tokens, boolean trailingOffset) {
        this.option = option;
        this.copyText = copyText;
        this.kind = kind;
        this.tokens = List.copyOf(tokens);
        this.trailingOffset = trailingOffset;
        int from = tokens.size();
        while (from > 0 && !(tokens.get(from - 1) instanceof Element e && e.date)) {
            from--;
        }
        this.timeOnlyFrom = from;
    }

    /** TIMEFORMAT as given in COPY: 'auto', 'epochsecs', 'epochmillisecs' or a pattern. */
    static DateTimeFormat timeFormat(String value) {
        return of("TIMEFORMAT", value);
    }

    /** DATEFORMAT as given in COPY: 'auto' or a pattern; it may hold time elements, whose values are ignored [CONV]. */
    static DateTimeFormat dateFormat(String value) {
        return of("DATEFORMAT", value);
    }

    /** What COPY uses when TIMEFORMAT is absent [CONV]; it also takes the TIMESTAMPTZ default's trailing offset. */
    static DateTimeFormat defaultTimeFormat() {
        return DEFAULT_TIME;
    }

    /** What COPY uses when DATEFORMAT is absent: YYYY-MM-DD [CONV]. */
    static DateTimeFormat defaultDateFormat() {
        return DEFAULT_DATE;
    }

    /** The value as written after TIMEFORMAT/DATEFORMAT, e.g. auto, epochmillisecs, YYYY-MM-DD HH:MI:SS. */
    String copyText() {
        return copyText;
    }

    @Override
    public String toString() {
        return option + " '" + copyText + "'";
    }

    /**
     * A JSON value's text as a timestamp without time zone: UTC for epochs and for inputs with an offset, which is
     * what a TIMESTAMPTZ column stores [TYPES]. isNumber: the JSON value was a number.
     */
    LocalDateTime parseTimestamp(String text, boolean isNumber) {
        Parsed p = parse(text, isNumber, false);
        return p.zone == null ? p.local : p.local.atZone(p.zone).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }

    /** As {@link #parseTimestamp} but keeping the written wall time: a TIMESTAMP column ignores zones [TYPES]. */
    LocalDateTime parseLocalTimestamp(String text, boolean isNumber) {
        return parse(text, isNumber, false).local;
    }

    /** A JSON value's text as a date; a time part is truncated and its zone ignored [AUTO][CONV]. */
    LocalDate parseDate(String text, boolean isNumber) {
        return parse(text, isNumber, true).local.toLocalDate();
    }

    // ---------------------------------------------------------------------------------------------- compiling

    private static DateTimeFormat of(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " needs a value: 'auto' or a format string");
        }
        // The keywords are case-sensitive [CONV]; epochs are only listed for TIMEFORMAT [CONV].
        switch (value) {
            case "auto":
                return new DateTimeFormat(option, value, Kind.AUTO, List.of(), false);
            case "epochsecs":
            case "epochmillisecs":
                if (option.equals("DATEFORMAT")) {
                    throw new IllegalArgumentException("DATEFORMAT '" + value + "': " + value
                            + " is only valid for TIMEFORMAT");
                }
                return new DateTimeFormat(option, value,
                        value.equals("epochsecs") ? Kind.EPOCHSECS : Kind.EPOCHMILLISECS, List.of(), false);
            default:
                return compile(option, value, false);
        }
    }

    private static DateTimeFormat compile(String option, String pattern, boolean trailingOffset) {
        String where = option + " '" + pattern + "': ";
        List<Object> tokens = new ArrayList<>();
        Set<Element> seen = EnumSet.noneOf(Element.class);
        int i = 0;
        while (i < pattern.length()) {
            Element element = elementAt(pattern, i);
            if (element != null) {
                Element kindOf = element == Element.PM ? Element.AM : element == Element.HH24 ? Element.HH : element;
                if (!seen.add(kindOf)) {
                    throw new IllegalArgumentException(where + element + " appears more than once");
                }
                tokens.add(element);
                i += element.name().length();
            } else if (Character.isLetter(pattern.charAt(i))) {
                int end = i + 1;
                while (end < pattern.length() && Character.isLetter(pattern.charAt(end))
                        && elementAt(pattern, end) == null) {
                    end++;
                }
                int start = monthAt(pattern, i) ? i - 3 : i; // MONTH tokenises as MON + TH; name it whole
                String word = pattern.substring(start, end);
                String hint = hint(pattern, i, word);
                throw new IllegalArgumentException(where + word + " is not a Redshift datetime format element"
                        + (hint == null ? "" : " (" + hint + ")"));
            } else {
                // Separators such as '-', '/', ':', '.', ',' and spaces are matched literally [STRINGS].
                int end = i + 1;
                while (end < pattern.length() && !Character.isLetter(pattern.charAt(end))) {
                    end++;
                }
                tokens.add(pattern.substring(i, end));
                i = end;
            }
        }
        if (!(seen.contains(Element.YYYY) || seen.contains(Element.YY)) || !(seen.contains(Element.MM)
                || seen.contains(Element.MON)) || !seen.contains(Element.DD)) {
            throw new IllegalArgumentException(where + "a date needs a year (YYYY or YY), a month (MM or MON) "
                    + "and a day (DD)");
        }
        if (seen.contains(Element.YYYY) && seen.contains(Element.YY) || seen.contains(Element.MM)
                && seen.contains(Element.MON) || seen.contains(Element.HH) && seen.contains(Element.HH12)) {
            throw new IllegalArgumentException(where + "the same field appears twice");
        }
        return new DateTimeFormat(option, pattern, Kind.PATTERN, tokens, trailingOffset);
    }

    private static Element elementAt(String pattern, int i) {
        for (Element e : Element.values()) {
            if (pattern.regionMatches(true, i, e.name(), 0, e.name().length())) {
                return e;
            }
        }
        return null;
    }

    private static boolean monthAt(String pattern, int i) {
        return i >= 3 && pattern.regionMatches(true, i - 3, "MONTH", 0, 5);
    }

    private static String hint(String pattern, int i, String word) {
        String upper = word.toUpperCase(Locale.ROOT);
        if (upper.startsWith("FF")) {
            return HINTS.get("FF");
        }
        String whole = pattern.substring(i).split("[^A-Za-z]", 2)[0].toUpperCase(Locale.ROOT);
        return HINTS.getOrDefault(upper, HINTS.get(whole));
    }

    // ---------------------------------------------------------------------------------------------- parsing

    /** The wall-clock value as written, and its zone when the input named one. */
    private record Parsed(LocalDateTime local, ZoneId zone) {
    }

    /** Raw fields before validation; null means absent. */
    private static final class Fields {
        Integer year;
        boolean twoDigitYear;
        boolean bc;
        Integer month;
        Integer day;
        Integer dayOfYear;
        Long julianDay;
        Integer hour;
        boolean clock12;
        Boolean pm;
        int minute;
        int second;
        long micros;
        ZoneId zone;

        Parsed build() {
            LocalDate date;
            if (julianDay != null) {
                date = LocalDate.MIN.with(JulianFields.JULIAN_DAY, julianDay);
            } else {
                int y = year;
                if (bc) {
                    // No year 0 in AD/BC notation; 1 BC is proleptic year 0. Two-digit BC years stay as written.
                    if (y < 1) {
                        throw new DateTimeException("year " + y + " BC does not exist");
                    }
                    y = 1 - y;
                } else if (twoDigitYear) {
                    y += y < 70 ? 2000 : 1900; // 95 -> 1995 [AUTO], 00 -> 2000 [LITERALS]
                } else if (y == 0) {
                    throw new DateTimeException("year 0 does not exist");
                }
                date = dayOfYear != null ? LocalDate.ofYearDay(y, dayOfYear) : LocalDate.of(y, month, day);
            }
            int h = hour == null ? 0 : hour;
            if (clock12 && (h < 1 || h > 12)) {
                throw new DateTimeException("hour " + h + " is not on a 12-hour clock");
            }
            if (pm != null || clock12) {
                if (h > 12) {
                    throw new DateTimeException("hour " + h + " with AM/PM");
                }
                h = h % 12 + (Boolean.TRUE.equals(pm) ? 12 : 0);
            }
            // Microseconds may round up to the next second, so they are added rather than set.
            LocalDateTime local = date.atTime(LocalTime.of(h, minute, second)).plusNanos(micros * 1000);
            return new Parsed(local, zone);
        }
    }

    private Parsed parse(String text, boolean isNumber, boolean dateOnly) {
        if (text == null) {
            throw new DateTimeException("no value for " + this);
        }
        // Surrounding whitespace is dropped: the docs say nothing of it and Redshift's datetime input ignores it.
        String s = text.strip();
        try {
            switch (kind) {
                case EPOCHSECS: return new Parsed(epoch(s, isNumber, false), ZoneOffset.UTC);
                case EPOCHMILLISECS: return new Parsed(epoch(s, isNumber, true), ZoneOffset.UTC);
                case AUTO: return auto(s).build();
                default: return pattern(s, dateOnly).build();
            }
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new DateTimeException("'" + text + "' does not match " + this
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    /**
     * Seconds or milliseconds since 1970-01-01 00:00:00 UTC [CONV], as a JSON number or a string of digits. Seconds
     * may carry a fraction; both keep microseconds, Redshift's resolution [TYPES], rounding half away from zero.
     */
    private static LocalDateTime epoch(String s, boolean isNumber, boolean millis) {
        Pattern form = isNumber ? JSON_NUMBER : millis ? DIGITS : DECIMAL;
        if (!form.matcher(s).matches()) {
            throw new DateTimeException(millis ? "not a whole number of milliseconds" : "not a number of seconds");
        }
        BigDecimal value = new BigDecimal(s);
        if (millis && value.stripTrailingZeros().scale() > 0) {
            throw new DateTimeException("not a whole number of milliseconds");
        }
        long micros = value.movePointRight(millis ? 3 : 6).setScale(0, RoundingMode.HALF_UP).longValueExact();
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    /** 'auto': the first layout that matches the whole text [AUTO]. Epochs are not recognised [AUTO]. */
    private static Fields auto(String s) {
        for (Pattern layout : AUTO_LAYOUTS) {
            Matcher m = layout.matcher(s);
            if (!m.matches()) {
                continue;
            }
            Fields f = new Fields();
            String y = group(m, "y");
            if (y != null) {
                f.year = Integer.parseInt(y);
                f.twoDigitYear = y.length() == 2;
            }
            String mon = group(m, "mon");
            f.month = mon != null ? Integer.valueOf(month(mon)) : integer(group(m, "m"));
            f.day = integer(group(m, "d"));
            f.dayOfYear = integer(group(m, "doy"));
            String jd = group(m, "jd");
            f.julianDay = jd == null ? null : Long.parseLong(jd);
            f.bc = "BC".equalsIgnoreCase(group(m, "era"));
            String hh = first(m, "hh", "xh");
            if (hh != null) {
                f.hour = Integer.parseInt(hh);
                f.minute = Integer.parseInt(first(m, "mi", "xm"));
                String ss = first(m, "ss", "xs");
                f.second = ss == null ? 0 : Integer.parseInt(ss);
                f.micros = micros(first(m, "frac", "xf"));
                String ampm = group(m, "ampm");
                f.pm = ampm == null ? null : ampm.equalsIgnoreCase("PM");
            }
            String tz = group(m, "tz");
            f.zone = tz == null ? null : zone(tz);
            return f;
        }
        throw new DateTimeException("not a date or time layout that 'auto' recognises");
    }

    /** A pattern: elements and separators in order; missing trailing time parts default to 00 [AUTO][TYPES]. */
    private Fields pattern(String s, boolean dateOnly) {
        Fields f = new Fields();
        int pos = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (pos == s.length() && i >= timeOnlyFrom) {
                return f; // a TIMESTAMP value without its time of day is taken at midnight [AUTO]
            }
            Object token = tokens.get(i);
            if (token instanceof String literal) {
                pos = literal(s, pos, literal);
                continue;
            }
            Element e = (Element) token;
            switch (e) {
                case MON: {
                    int end = pos;
                    while (end < s.length() && Character.isLetter(s.charAt(end))) {
                        end++;
                    }
                    f.month = month(s.substring(pos, end));
                    pos = end;
                    break;
                }
                case AM:
                case PM: {
                    String word = s.length() >= pos + 2 ? s.substring(pos, pos + 2) : "";
                    if (!word.equalsIgnoreCase("AM") && !word.equalsIgnoreCase("PM")) {
                        throw new DateTimeException("AM or PM expected at position " + (pos + 1));
                    }
                    f.pm = word.equalsIgnoreCase("PM");
                    pos += 2;
                    break;
                }
                default: {
                    int end = pos;
                    while (end < s.length() && end - pos < e.digits && Character.isDigit(s.charAt(end))) {
                        end++;
                    }
                    if (end == pos) {
                        throw new DateTimeException(e + " expected at position " + (pos + 1));
                    }
                    int value = Integer.parseInt(s.substring(pos, end));
                    pos = end;
                    switch (e) {
                        case YYYY: f.year = value; break;
                        case YY: f.year = value; f.twoDigitYear = true; break;
                        case MM: f.month = value; break;
                        case DD: f.day = value; break;
                        case HH12: f.hour = value; f.clock12 = true; break;
                        case MI: f.minute = value; break;
                        case SS: {
                            f.second = value;
                            // SS takes fractional seconds, e.g. 18:45:05.123456 with HH:MI:SS [STRINGS].
                            boolean dotIsNext = i + 1 < tokens.size() && tokens.get(i + 1) instanceof String l
                                    && l.startsWith(".");
                            if (!dotIsNext && pos + 1 < s.length() && s.charAt(pos) == '.'
                                    && Character.isDigit(s.charAt(pos + 1))) {
                                int fractionEnd = pos + 1;
                                while (fractionEnd < s.length() && Character.isDigit(s.charAt(fractionEnd))) {
                                    fractionEnd++;
                                }
                                f.micros = micros(s.substring(pos + 1, fractionEnd));
                                pos = fractionEnd;
                            }
                            break;
                        }
                        default: f.hour = value; // HH, HH24
                    }
                }
            }
        }
        if (pos < s.length()) {
            String rest = s.substring(pos);
            Matcher offset = OFFSET.matcher(rest);
            if (trailingOffset && offset.matches()) {
                f.zone = zone(offset.group(1)); // the TIMESTAMPTZ default's OF, e.g. -8:00 [STRINGS]
            } else if (!(dateOnly && TRAILING_TIME.matcher(rest).matches())) {
                throw new DateTimeException("unexpected '" + rest + "' at position " + (pos + 1));
            }
        }
        return f;
    }

    private static int literal(String s, int pos, String literal) {
        int at = pos;
        for (int k = 0; k < literal.length(); k++) {
            char c = literal.charAt(k);
            if (Character.isWhitespace(c)) {
                // A space in the pattern takes any run of whitespace in the value.
                if (at >= s.length() || !Character.isWhitespace(s.charAt(at))) {
                    throw new DateTimeException("'" + literal + "' expected at position " + (at + 1));
                }
                while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                    at++;
                }
            } else if (at < s.length() && s.charAt(at) == c) {
                at++;
            } else {
                throw new DateTimeException("'" + literal + "' expected at position " + (at + 1));
            }
        }
        return at;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static Pattern layout(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }

    private static String group(Matcher m, String name) {
        try {
            return m.group(name);
        } catch (IllegalArgumentException noSuchGroupInThisLayout) {
            return null;
        }
    }

    private static String first(Matcher m, String name, String other) {
        String value = group(m, name);
        return value != null ? value : group(m, other);
    }

    private static Integer integer(String digits) {
        return digits == null ? null : Integer.valueOf(digits);
    }

    /** Fraction digits as microseconds, Redshift's resolution [TYPES]; further digits round half up. */
    private static long micros(String fraction) {
        return fraction == null ? 0
                : new BigDecimal("0." + fraction).movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValue();
    }

    private static int month(String name) {
        Integer month = MONTHS.get(name.toUpperCase(Locale.ROOT));
        if (month == null) {
            throw new DateTimeException("'" + name + "' is not a month name");
        }
        return month;
    }

    private static ZoneId zone(String text) {
        char sign = text.charAt(0);
        if (sign == '+' || sign == '-') {
            String digits = text.substring(1).replace(":", "");
            int hours = Integer.parseInt(digits.length() <= 2 ? digits : digits.substring(0, digits.length() - 2));
            int minutes = digits.length() <= 2 ? 0 : Integer.parseInt(digits.substring(digits.length() - 2));
            int direction = sign == '-' ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(direction * hours, direction * minutes);
        }
        ZoneOffset fixed = ZONE_ABBREVIATIONS.get(text.toUpperCase(Locale.ROOT));
        return fixed != null ? fixed : ZoneId.of(text);
    }

    private static Map<String, Integer> months() {
        String[] names = {"JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER",
            "OCTOBER", "NOVEMBER", "DECEMBER"};
        Map<String, Integer> months = new java.util.HashMap<>();
        for (int i = 0; i < names.length; i++) {
            months.put(names[i], i + 1);
            months.put(names[i].substring(0, 3), i + 1);
        }
        months.put("SEPT", 9);
        return Map.copyOf(months);
    }
}
