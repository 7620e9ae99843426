package io.sparkfy.dw.load;

import io.sparkfy.dw.load.JsonRecordReader.Kind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Converts one JSON value to its column's type the way Redshift's COPY does, and appends it to a row of
 * PostgreSQL COPY text. PostgreSQL would accept some values Redshift rejects (a VARCHAR length counts characters
 * there, bytes in Redshift), so the checks are made here, on Redshift's terms, with its error codes.
 */
final class ValueConverter {

    private static final DateTimeFormatter COPY_TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter AUTO_TIMESTAMP = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .toFormatter();
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private ValueConverter() {
    }

    /** Appends the COPY text of the value ({@code \N} for NULL); throws with Redshift's code when it does not fit. */
    static void append(Column column, Kind kind, String text, CopyOptions options, StringBuilder row)
            throws ConversionException {
        if (kind == Kind.MISSING || kind == Kind.NULL) {
            appendNull(column, row);
            return;
        }
        if (column.type() == Column.Type.VARCHAR) {
            appendText(column, text, row);
            return;
        }
        if (kind == Kind.STRING && text.isEmpty()) {
            // Redshift: an empty string loads as NULL into any column that is not CHAR or VARCHAR.
            appendNull(column, row);
            return;
        }
        if (kind == Kind.STRUCTURE) {
            throw new ConversionException(1216, "an object or array cannot load into " + column.typeName());
        }
        switch (column.type()) {
            case SMALLINT: row.append(integer(text, kind, Short.MIN_VALUE, Short.MAX_VALUE, column)); break;
            case INTEGER: row.append(integer(text, kind, Integer.MIN_VALUE, Integer.MAX_VALUE, column)); break;
            case BIGINT: row.append(integer(text, kind, Long.MIN_VALUE, Long.MAX_VALUE, column)); break;
            case NUMERIC: row.append(decimal(text, kind, column).toPlainString()); break;
            case REAL: case DOUBLE: row.append(floating(text, kind, column)); break;
            case BOOLEAN: row.append(bool(text, kind)); break;
            case DATE: row.append(date(text, kind)); break;
            case TIMESTAMP: row.append(COPY_TIMESTAMP.format(timestamp(text, kind, options.timeFormat()))); break;
            case TIMESTAMPTZ:
                row.append(COPY_TIMESTAMP.format(timestamp(text, kind, options.timeFormat()))).append("+00");
                break;
            default: throw new IllegalStateException(column.type().name());
        }
    }

    private static void appendNull(Column column, StringBuilder row) throws ConversionException {
        if (!column.nullable()) {
            throw new ConversionException(1213, "Missing data for not-null field");
        }
        row.append("\\N");
    }

    private static void appendText(Column column, String text, StringBuilder row) throws ConversionException {
        if (column.length() > 0) {
            int bytes = utf8Length(text, column.length());
            if (bytes > column.length()) {
                throw new ConversionException(1204, "String length exceeds DDL length (" + bytes + " bytes > "
                        + column.typeName() + ")");
            }
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\': row.append("\\\\"); break;
                case '\n': row.append("\\n"); break;
                case '\r': row.append("\\r"); break;
                case '\t': row.append("\\t"); break;
                case '\0': throw new ConversionException(1220, "String contains a NUL character (U+0000)");
                default: row.append(c);
            }
        }
    }

    /** UTF-8 length, stopping early once past {@code limit}: only "too long" matters. */
    private static int utf8Length(String text, int limit) {
        if (text.length() * 3 <= limit) {
            return text.length();
        }
        int bytes = 0;
        for (int i = 0; i < text.length() && bytes <= limit; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes > limit ? text.getBytes(StandardCharsets.UTF_8).length : bytes;
    }

    private static String integer(String text, Kind kind, long min, long max, Column column)
            throws ConversionException {
        if (kind != Kind.INTEGER && kind != Kind.STRING) {
            throw invalidDigit(text, column);
        }
        String digits = kind == Kind.STRING ? text.trim() : text;
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
        return Long.toString(value);
    }

    private static ConversionException invalidDigit(String text, Column column) {
        return new ConversionException(1207, "Invalid digit, Value '" + text + "', Type: " + column.typeName());
    }

    private static BigDecimal decimal(String text, Kind kind, Column column) throws ConversionException {
        BigDecimal value = parseDecimal(text, kind, 1209, "DECIMAL");
        if (column.precision() > 0) {
            value = value.setScale(column.scale(), RoundingMode.HALF_UP);
            if (value.precision() - value.scale() > column.precision() - column.scale()) {
                throw new ConversionException(1204, "Numeric data overflow (result precision) for "
                        + column.typeName() + ": " + text);
            }
        }
        return value;
    }

    private static BigDecimal parseDecimal(String text, Kind kind, int code, String type) throws ConversionException {
        if (kind != Kind.INTEGER && kind != Kind.DECIMAL && kind != Kind.STRING) {
            throw new ConversionException(code, "Invalid " + type + " value '" + text + "'");
        }
        try {
            return new BigDecimal(kind == Kind.STRING ? text.trim() : text);
        } catch (NumberFormatException e) {
            throw new ConversionException(code, "Invalid " + type + " value '" + text + "'");
        }
    }

    private static String floating(String text, Kind kind, Column column) throws ConversionException {
        BigDecimal exact = parseDecimal(text, kind, 1208, "FLOAT");
        double value = exact.doubleValue();
        if (Double.isInfinite(value)) {
            throw new ConversionException(1204, "Overflow for " + column.typeName() + ": " + text);
        }
        // The JSON text, not a re-printed double: PostgreSQL rounds it to the same binary value Redshift stores.
        return exact.toString();
    }

    private static String bool(String text, Kind kind) throws ConversionException {
        String v = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (kind == Kind.BOOLEAN || kind == Kind.STRING) {
            switch (v) {
                case "true": case "t": case "1": case "yes": case "y": return "t";
                case "false": case "f": case "0": case "no": case "n": return "f";
                default: break;
            }
        }
        if (kind == Kind.INTEGER && (v.equals("0") || v.equals("1"))) {
            return v.equals("1") ? "t" : "f";
        }
        throw new ConversionException(1210, "Invalid BOOLEAN value '" + text + "'");
    }

    private static String date(String text, Kind kind) throws ConversionException {
        try {
            if (kind == Kind.STRING) {
                return LocalDate.parse(text.trim().substring(0, Math.min(10, text.trim().length()))).toString();
            }
        } catch (DateTimeParseException e) {
            // falls through to the error
        }
        throw new ConversionException(1205, "Invalid date format '" + text + "'");
    }

    private static LocalDateTime timestamp(String text, Kind kind, TimeFormat format) throws ConversionException {
        try {
            switch (format) {
                case EPOCHMILLISECS: return epoch(text, kind, THOUSAND);
                case EPOCHSECS: return epoch(text, kind, BigDecimal.ONE);
                default:
                    if (kind != Kind.STRING) {
                        break;
                    }
                    var parsed = AUTO_TIMESTAMP.parseBest(text.trim(), OffsetDateTime::from, LocalDateTime::from);
                    return parsed instanceof OffsetDateTime
                            ? ((OffsetDateTime) parsed).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
                            : (LocalDateTime) parsed;
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            // falls through to the error
        }
        throw new ConversionException(1206, "Invalid timestamp format '" + text + "' for TIMEFORMAT '"
                + format.copyText() + "'");
    }

    private static LocalDateTime epoch(String text, Kind kind, BigDecimal perSecond) throws ConversionException {
        if (kind != Kind.INTEGER && kind != Kind.DECIMAL && kind != Kind.STRING) {
            throw new NumberFormatException();
        }
        BigDecimal units = new BigDecimal(kind == Kind.STRING ? text.trim() : text);
        BigDecimal seconds = units.divide(perSecond);
        long whole = seconds.setScale(0, RoundingMode.FLOOR).longValueExact();
        int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9)
                .setScale(0, RoundingMode.HALF_UP).intValueExact();
        LocalDateTime value = LocalDateTime.ofEpochSecond(whole, 0, ZoneOffset.UTC).plusNanos(nanos);
        if (value.getYear() < 1 || value.getYear() > 9999) {
            throw new ArithmeticException("out of range");
        }
        return value.withNano(value.getNano() / 1000 * 1000); // microseconds, as Redshift keeps
    }
}
