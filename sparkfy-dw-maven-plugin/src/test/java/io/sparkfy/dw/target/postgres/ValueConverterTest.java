package io.sparkfy.dw.target.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.convert.Column.Type;
import io.sparkfy.dw.copy.convert.Column;
import io.sparkfy.dw.copy.convert.ConversionException;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.copy.convert.ValueConverter;
import io.sparkfy.dw.copy.json.ValueKind;
import org.junit.jupiter.api.Test;

/** Redshift's conversion rules, value by value, into PostgreSQL binary COPY (shown here as PostgreSQL's text). */
class ValueConverterTest {

    private static final CopyOptions MILLIS = CopyOptions.jsonPaths("x", TimeFormat.EPOCHMILLISECS);
    private static final CopyOptions AUTO = CopyOptions.auto();

    @Test
    void textIsStoredAsItIs() throws Exception {
        assertEquals("a\\b\tc\nd\re \"q\"", convert(col(Type.VARCHAR, 64), ValueKind.STRING, "a\\b\tc\nd\re \"q\"", AUTO));
        assertEquals("", convert(col(Type.VARCHAR, 64), ValueKind.STRING, "", AUTO), "'' stays '' in text columns");
        assertEquals("12.50", convert(col(Type.VARCHAR, 64), ValueKind.DECIMAL, "12.50", AUTO));
        assertEquals("\\N", convert(col(Type.VARCHAR, 64), ValueKind.NULL, null, AUTO));
        assertEquals("\\N", convert(col(Type.VARCHAR, 64), ValueKind.MISSING, null, AUTO));
    }

    @Test
    void emptyStringIsNullInNonTextColumns() throws Exception {
        assertEquals("\\N", convert(col(Type.INTEGER, 0), ValueKind.STRING, "", AUTO));
        assertEquals("\\N", convert(col(Type.TIMESTAMP, 0), ValueKind.STRING, "", MILLIS));
    }

    @Test
    void integers() throws Exception {
        assertEquals("39", convert(col(Type.INTEGER, 0), ValueKind.STRING, "39", AUTO));
        assertEquals("-5", convert(col(Type.SMALLINT, 0), ValueKind.INTEGER, "-5", AUTO));
        assertEquals(1207, code(col(Type.INTEGER, 0), ValueKind.DECIMAL, "1.5"));
        assertEquals(1207, code(col(Type.INTEGER, 0), ValueKind.STRING, "abc"));
        assertEquals(1207, code(col(Type.INTEGER, 0), ValueKind.BOOLEAN, "true"));
        assertEquals(1204, code(col(Type.SMALLINT, 0), ValueKind.INTEGER, "40000"));
        assertEquals(1204, code(col(Type.BIGINT, 0), ValueKind.INTEGER, "99999999999999999999"));
    }

    @Test
    void numericKeepsEveryDigitAndChecksPrecision() throws Exception {
        Column registration = new Column("registration", Type.NUMERIC, 0, 18, 1, true);
        assertEquals("1540919166796.0", convert(registration, ValueKind.DECIMAL, "1540919166796.0", AUTO));
        // digits that fit go through as written: the column's scale is PostgreSQL's to apply
        assertEquals("1540919166796", convert(registration, ValueKind.INTEGER, "1540919166796", AUTO));
        assertEquals("12.35", convert(new Column("n", Type.NUMERIC, 0, 6, 2, true), ValueKind.DECIMAL, "12.345", AUTO),
                "more fraction digits than the scale: rounded half up");
        assertEquals(1204, code(registration, ValueKind.DECIMAL, "12345678901234567890.0"));
        assertEquals(1209, code(registration, ValueKind.STRING, "12x"));
    }

    @Test
    void numericDigitGroupsForEveryShape() throws Exception {
        Column n = new Column("n", Type.NUMERIC, 0, 18, 4, true);
        for (String value : new String[] {"0", "-0.5", "0.0001", "10000", "12345678.9", "-99999999999999.9999",
            "1.0000", "7", "123456789012.3"}) {
            assertEquals(new java.math.BigDecimal(value).toPlainString(), convert(n, ValueKind.DECIMAL, value, AUTO), value);
        }
        assertEquals("-0.0001", convert(n, ValueKind.STRING, "-0.00005", AUTO), "the general path rounds half up");
    }

    @Test
    void doublesAreTheNearestDoubleAsPostgresqlWouldParseThem() throws Exception {
        for (String value : new String[] {"0.1", "246.30812", "-0.0", "123456789012345", "0.000000000000000000001",
            "9007199254740993", "1234567890.12345678", "1e-5", "2.5E10", "179769313486231570000000000000000000000"}) {
            assertEquals(Double.toString(Double.parseDouble(value)),
                    convert(col(Type.DOUBLE, 0), ValueKind.DECIMAL, value, AUTO), value);
        }
        assertEquals("0.1", convert(col(Type.REAL, 0), ValueKind.DECIMAL, "0.1", AUTO), "REAL: the nearest float");
        assertEquals(1204, code(col(Type.DOUBLE, 0), ValueKind.DECIMAL, "1e-400"), "underflow, as PostgreSQL's range error");
        assertEquals(1204, code(col(Type.REAL, 0), ValueKind.DECIMAL, "1e39"));
    }

    @Test
    void booleansAndDates() throws Exception {
        assertEquals("t", convert(col(Type.BOOLEAN, 0), ValueKind.STRING, "yes", AUTO));
        assertEquals("f", convert(col(Type.BOOLEAN, 0), ValueKind.INTEGER, "0", AUTO));
        assertEquals("1999-12-31", convert(col(Type.DATE, 0), ValueKind.STRING, "1999-12-31", AUTO));
        assertEquals("2018-11-21", convert(col(Type.DATE, 0), ValueKind.STRING, "2018-11-21", AUTO));
    }

    @Test
    void floats() throws Exception {
        assertEquals("246.30812", convert(col(Type.DOUBLE, 0), ValueKind.DECIMAL, "246.30812", AUTO));
        assertEquals(1208, code(col(Type.DOUBLE, 0), ValueKind.STRING, "fast"));
        assertEquals(1204, code(col(Type.DOUBLE, 0), ValueKind.DECIMAL, "1e999"));
    }

    @Test
    void timestamps() throws Exception {
        Column ts = col(Type.TIMESTAMP, 0);
        assertEquals("2018-11-21 21:56:47.796000", convert(ts, ValueKind.INTEGER, "1542837407796", MILLIS));
        assertEquals("2018-11-21 21:56:47.000000", convert(ts, ValueKind.INTEGER, "1542837407",
                CopyOptions.jsonPaths("x", TimeFormat.EPOCHSECS)));
        assertEquals("2018-11-21 21:56:47.500000", convert(ts, ValueKind.STRING, "2018-11-21T21:56:47.5", AUTO));
        // Redshift: TIMESTAMP ignores a zone in the input, TIMESTAMPTZ converts to UTC.
        assertEquals("2018-11-21 21:56:47.000000", convert(ts, ValueKind.STRING, "2018-11-21 21:56:47+01:00", AUTO));
        assertEquals("2018-11-21 20:56:47.000000+00", convert(col(Type.TIMESTAMPTZ, 0), ValueKind.STRING,
                "2018-11-21 21:56:47+01:00", AUTO));
        assertEquals(1206, code(ts, ValueKind.STRING, "yesterday"));
        assertEquals(1206, code(ts, ValueKind.INTEGER, "1542837407796", AUTO));
    }

    @Test
    void notNullColumnsRejectNullAndMissing() {
        Column required = new Column("user_id", Type.INTEGER, 0, 32, 0, false);
        assertEquals(1213, code(required, ValueKind.NULL, null));
        assertEquals(1213, code(required, ValueKind.MISSING, null));
        assertEquals(1213, code(required, ValueKind.STRING, ""));
    }

    @Test
    void varcharLengthCountsBytes() throws Exception {
        assertEquals("ééé", convert(col(Type.VARCHAR, 6), ValueKind.STRING, "ééé", AUTO));
        assertEquals(1204, code(col(Type.VARCHAR, 6), ValueKind.STRING, "éééé"));
        assertEquals(1204, code(col(Type.VARCHAR, 7), ValueKind.STRING, "😀😀"));
    }

    private static Column col(Type type, int length) {
        return new Column("c", type, length, 0, 0, true);
    }

    private static String convert(Column column, ValueKind kind, String text, CopyOptions options) throws Exception {
        CopyRow out = new CopyRow(16);
        ValueConverter.append(column, kind, text, options.conversion(), out);
        return BinaryField.text(column, out.bytes());
    }

    private static int code(Column column, ValueKind kind, String text) {
        return code(column, kind, text, MILLIS);
    }

    private static int code(Column column, ValueKind kind, String text, CopyOptions options) {
        return assertThrows(ConversionException.class, () -> convert(column, kind, text, options)).errorCode();
    }
}
