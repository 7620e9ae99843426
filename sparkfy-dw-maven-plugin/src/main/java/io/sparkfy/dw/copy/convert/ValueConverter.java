package io.sparkfy.dw.copy.convert;

import io.sparkfy.dw.copy.json.Chars;
import io.sparkfy.dw.copy.json.ValueKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Converts one JSON value to its column's type the way Redshift's COPY does, and appends it to a row of
 * the target's {@link RowWriter}. PostgreSQL would accept some values Redshift rejects (a VARCHAR length counts characters
 * there, bytes in Redshift), so the checks are made here, on Redshift's terms, with its error codes.
 */
public final class ValueConverter {

    /** Seconds of 0001-01-01 and of 9999-12-31 23:59:59 UTC: the years both targets take. */
    private static final long MIN_EPOCH_SECOND = -62_135_596_800L;
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    private ValueConverter() {
    }

    /** Appends the value (or NULL) to the row; throws with Redshift's code when it does not fit. */
    public static void append(Column column, ValueKind kind, CharSequence value, ConversionOptions options,
                              RowWriter row)
            throws ConversionException {
        if (kind == ValueKind.MISSING || kind == ValueKind.NULL) {
            appendNull(column, row);
            return;
        }
        if (column.type() == Column.Type.VARCHAR) {
            boolean asNull = kind == ValueKind.STRING
                    && (options.emptyAsNull() && value.length() == 0 || options.blanksAsNull() && isBlank(value));
            if (asNull) {
                appendNull(column, row);
            } else {
                appendText(column, value, options.truncateColumns(), row);
            }
            return;
        }
        if (appendPlainNumber(column, kind, value, options.timeFormat(), row)) {
            return;
        }
        if (kind == ValueKind.STRING && (value.length() == 0 || isBlank(value))) {
            // Redshift: empty and blank fields load as NULL into any column that is not CHAR or VARCHAR.
            appendNull(column, row);
            return;
        }
        String text = value.toString();
        if (kind == ValueKind.STRUCTURE) {
            throw new ConversionException(1216, "an object or array cannot load into " + column.typeName());
        }
        switch (column.type()) {
            case SMALLINT: row.integer(column.type(), integer(text, kind, Short.MIN_VALUE, Short.MAX_VALUE, column));
                break;
            case INTEGER: row.integer(column.type(), integer(text, kind, Integer.MIN_VALUE, Integer.MAX_VALUE, column));
                break;
            case BIGINT: row.integer(column.type(), integer(text, kind, Long.MIN_VALUE, Long.MAX_VALUE, column)); break;
            case NUMERIC: row.numeric(decimal(text, kind, column)); break;
            case REAL: row.float4((float) floating(text, kind, column)); break;
            case DOUBLE: row.float8(floating(text, kind, column)); break;
            case BOOLEAN: row.bool(bool(text, kind)); break;
            case DATE: row.date(date(text, kind, options.dateFormat()).toEpochDay()); break;
            case TIMESTAMP: timestamp(text, kind, options.timeFormat(), false, row); break;
            case TIMESTAMPTZ: timestamp(text, kind, options.timeFormat(), true, row); break;
            default: throw new IllegalStateException(column.type().name());
        }
    }

    /**
     * The hot path, without a String per value: plain integers (also digit strings like userId "39"), epoch
     * timestamps and plain decimals go straight from the parser's characters to their binary form. Anything else,
     * and every value that does not fit, is left to the general conversion, which gives the same result or error.
     */
    private static boolean appendPlainNumber(Column column, ValueKind kind, CharSequence value, TimeFormat timeFormat,
                                             RowWriter row) {
        switch (column.type()) {
            case SMALLINT: return plainInteger(column, kind, value, Short.MIN_VALUE, Short.MAX_VALUE, row);
            case INTEGER: return plainInteger(column, kind, value, Integer.MIN_VALUE, Integer.MAX_VALUE, row);
            case BIGINT: return plainInteger(column, kind, value, Long.MIN_VALUE, Long.MAX_VALUE, row);
            case TIMESTAMP: case TIMESTAMPTZ:
                int perSecond = timeFormat.epochUnitsPerSecond();
                long units = kind == ValueKind.INTEGER && perSecond > 0 ? digits(value) : Long.MIN_VALUE;
                long second = units == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(units, perSecond);
                if (second < MIN_EPOCH_SECOND || second > MAX_EPOCH_SECOND) {
                    return false;
                }
                row.timestamp(second, (int) Math.floorMod(units, perSecond) * (1_000_000 / perSecond));
                return true;
            case DOUBLE:
                double exact = kind == ValueKind.STRING ? Double.NaN : exactDouble(value);
                if (Double.isNaN(exact)) {
                    return false;
                }
                row.float8(exact);
                return true;
            case NUMERIC:
                if (kind == ValueKind.STRING || !fitsPlainly(value, column.precision(), column.scale())) {
                    return false;
                }
                row.numeric(value); // plain digits that fit: exact, no rounding needed
                return true;
            default:
                return false;
        }
    }

    /** 10^0 .. 10^22, every one exact as a double. */
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    /**
     * A plain decimal (optional minus, digits, optional point and digits) of at most 15 significant digits and 22
     * fraction digits, as the nearest double: the digits and the power of ten are both exact doubles, so one IEEE
     * division rounds correctly, the value Double.parseDouble (and PostgreSQL's strtod) gives. NaN for any other
     * form, left to the general conversion.
     */
    private static double exactDouble(CharSequence value) {
        int n = value.length();
        int i = n > 0 && value.charAt(0) == '-' ? 1 : 0;
        long digits = 0;
        int significant = 0;
        int fraction = -1;
        boolean any = false;
        for (; i < n; i++) {
            char c = value.charAt(i);
            if (isDigit(c)) {
                any = true;
                digits = digits * 10 + (c - '0');
                if (digits != 0) {
                    significant++;
                }
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.NaN;
            }
        }
        if (!any || significant > 15 || fraction > 22) {
            return Double.NaN;
        }
        double result = fraction > 0 ? digits / POWERS_OF_TEN[fraction] : (double) digits;
        return value.charAt(0) == '-' ? -result : result;
    }

    private static boolean plainInteger(Column column, ValueKind kind, CharSequence value, long min, long max,
                                        RowWriter row) {
        long parsed = kind == ValueKind.INTEGER || kind == ValueKind.STRING ? digits(value) : Long.MIN_VALUE;
        if (parsed == Long.MIN_VALUE || parsed < min || parsed > max) {
            return false;
        }
        row.integer(column.type(), parsed);
        return true;
    }

    /** An optional minus and 1 to 18 digits (never overflows), or Long.MIN_VALUE for anything else. */
    private static long digits(CharSequence value) {
        int n = value.length();
        int i = n > 0 && value.charAt(0) == '-' ? 1 : 0;
        if (n == i || n - i > 18) {
            return Long.MIN_VALUE;
        }
        long result = 0;
        for (int j = i; j < n; j++) {
            char c = value.charAt(j);
            if (!isDigit(c)) {
                return Long.MIN_VALUE;
            }
            result = result * 10 + (c - '0');
        }
        return i == 1 ? -result : result;
    }

    private static void appendNull(Column column, RowWriter row) throws ConversionException {
        if (!column.nullable()) {
            throw new ConversionException(1213, "Missing data for not-null field");
        }
        row.nul();
    }

    private static boolean isBlank(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return text.length() > 0;
    }

    private static void appendText(Column column, CharSequence value, boolean truncate, RowWriter row)
            throws ConversionException {
        int mark = row.length();
        Chars chars = value instanceof Chars ? (Chars) value : null;
        int bytes;
        if (chars != null && chars.utf8() != null) {
            bytes = row.utf8(chars.utf8(), chars.utf8Offset(), chars.utf8Length()); // scanned UTF-8, as it is
        } else if (chars != null) {
            bytes = row.text(chars.array(), chars.length());
        } else {
            bytes = row.text(value.toString());
        }
        if (bytes < 0) {
            throw new ConversionException(1220, "String contains a NUL character (U+0000)");
        }
        if (column.length() > 0 && bytes > column.length()) {
            if (!truncate) {
                throw new ConversionException(1204, "String length exceeds DDL length (" + bytes + " bytes > "
                        + column.typeName() + ")");
            }
            row.resetTo(mark); // TRUNCATECOLUMNS: write it again, cut on a character boundary
            row.text(truncateUtf8(value.toString(), column.length()));
        }
    }

    /** The longest prefix of whole characters that fits {@code limit} UTF-8 bytes. */
    private static String truncateUtf8(String text, int limit) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > limit) {
                break;
            }
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return text.substring(0, i);
    }

    private static long integer(String text, ValueKind kind, long min, long max, Column column)
            throws ConversionException {
        if (kind != ValueKind.INTEGER && kind != ValueKind.STRING) {
            throw invalidDigit(text, column);
        }
        String digits = kind == ValueKind.STRING ? text.trim() : text;
        long value;
        try {
            value = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            if (digits.matches("[+-]?\\d+")) {
                throw new ConversionException(1204, "Overflow for " + column.typeName() + ": " + text);
            }
            throw invalidDigit(text, column);
        }
        if (value < min || value > max) {
            throw new ConversionException(1204, "Overflow for " + column.typeName() + ": " + text);
        }
        return value;
    }

    private static ConversionException invalidDigit(String text, Column column) {
        return new ConversionException(1207, "Invalid digit, Value '" + text + "', Type: " + column.typeName());
    }

    private static String decimal(String text, ValueKind kind, Column column) throws ConversionException {
        BigDecimal value = parseDecimal(text, kind, 1209, "DECIMAL");
        if (column.precision() > 0) {
            value = value.setScale(column.scale(), RoundingMode.HALF_UP);
            if (value.precision() - value.scale() > column.precision() - column.scale()) {
                throw new ConversionException(1204, "Numeric data overflow (result precision) for "
                        + column.typeName() + ": " + text);
            }
        }
        return value.toPlainString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A JSON number like {@code -123.45} with at most the column's integer and fraction digits. */
    private static boolean fitsPlainly(CharSequence text, int precision, int scale) {
        if (precision <= 0) {
            return false;
        }
        int i = text.length() > 0 && text.charAt(0) == '-' ? 1 : 0;
        int integerDigits = 0;
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
            integerDigits++;
        }
        int fractionDigits = 0;
        if (i < text.length() && text.charAt(i) == '.') {
            i++;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
                fractionDigits++;
            }
        }
        return i == text.length() && integerDigits > 0 && integerDigits <= precision - scale
                && fractionDigits <= scale;
    }

    private static BigDecimal parseDecimal(String text, ValueKind kind, int code, String type) throws ConversionException {
        if (kind != ValueKind.INTEGER && kind != ValueKind.DECIMAL && kind != ValueKind.STRING) {
            throw new ConversionException(code, "Invalid " + type + " value '" + text + "'");
        }
        try {
            return new BigDecimal(kind == ValueKind.STRING ? text.trim() : text);
        } catch (NumberFormatException e) {
            throw new ConversionException(code, "Invalid " + type + " value '" + text + "'");
        }
    }

    /**
     * The nearest double, or for a REAL the nearest float (parsed as one: through a double it would round twice),
     * correctly rounded as PostgreSQL's and Redshift's parsers do; out of range is 1204.
     */
    private static double floating(String text, ValueKind kind, Column column) throws ConversionException {
        BigDecimal exact = parseDecimal(text, kind, 1208, "FLOAT");
        double value = column.type() == Column.Type.REAL ? Float.parseFloat(exact.toString())
                : Double.parseDouble(exact.toString());
        if (Double.isInfinite(value) || value == 0 && exact.signum() != 0) {
            throw new ConversionException(1204, "Overflow for " + column.typeName() + ": " + text);
        }
        return value;
    }

    private static boolean bool(String text, ValueKind kind) throws ConversionException {
        String v = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (kind == ValueKind.BOOLEAN || kind == ValueKind.STRING) {
            switch (v) {
                case "true": case "t": case "1": case "yes": case "y": return true;
                case "false": case "f": case "0": case "no": case "n": return false;
                default: break;
            }
        }
        if (kind == ValueKind.INTEGER && (v.equals("0") || v.equals("1"))) {
            return v.equals("1");
        }
        throw new ConversionException(1210, "Invalid BOOLEAN value '" + text + "'");
    }

    private static LocalDate date(String text, ValueKind kind, TimeFormat format) throws ConversionException {
        try {
            return format.date(text, isNumber(kind));
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new ConversionException(1205, "Invalid date format '" + text + "' for DATEFORMAT '"
                    + format.copyText() + "'");
        }
    }

    private static void timestamp(String text, ValueKind kind, TimeFormat format, boolean utc, RowWriter row)
            throws ConversionException {
        try {
            // epoch numbers in range never get here: appendPlainNumber writes them
            LocalDateTime value = utc ? format.timestampUtc(text, isNumber(kind))
                    : format.timestamp(text, isNumber(kind));
            if (value.getYear() >= 1 && value.getYear() <= 9999) {
                row.timestamp(value.toEpochSecond(ZoneOffset.UTC), value.getNano() / 1000);
                return;
            }
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            // falls through to the error
        }
        throw new ConversionException(1206, "Invalid timestamp format '" + text + "' for TIMEFORMAT '"
                + format.copyText() + "'");
    }

    private static boolean isNumber(ValueKind kind) {
        return kind == ValueKind.INTEGER || kind == ValueKind.DECIMAL;
    }
}
