package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.copy.convert.Column;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Reads one field of binary COPY back as text, for tests: NULL as {@code \N}, timestamps with microseconds. */
final class BinaryField {

    private static final LocalDateTime POSTGRES_EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private BinaryField() {
    }

    static String text(Column column, byte[] field) {
        ByteBuffer in = ByteBuffer.wrap(field);
        int length = in.getInt();
        if (length < 0) {
            return "\\N";
        }
        if (length != in.remaining()) {
            throw new AssertionError("field length " + length + " but " + in.remaining() + " bytes follow");
        }
        switch (column.type()) {
            case VARCHAR: return new String(field, 4, length, StandardCharsets.UTF_8);
            case SMALLINT: return expect(length, 2, Short.toString(in.getShort()));
            case INTEGER: return expect(length, 4, Integer.toString(in.getInt()));
            case BIGINT: return expect(length, 8, Long.toString(in.getLong()));
            case REAL: return expect(length, 4, Float.toString(in.getFloat()));
            case DOUBLE: return expect(length, 8, Double.toString(in.getDouble()));
            case BOOLEAN: return expect(length, 1, in.get() == 1 ? "t" : "f");
            case DATE: return expect(length, 4, LocalDate.of(2000, 1, 1).plusDays(in.getInt()).toString());
            case TIMESTAMP: case TIMESTAMPTZ:
                long micros = in.getLong();
                LocalDateTime at = POSTGRES_EPOCH.plusSeconds(Math.floorDiv(micros, 1_000_000L))
                        .plusNanos(Math.floorMod(micros, 1_000_000L) * 1000);
                return expect(length, 8, TIMESTAMP.format(at) + (column.type() == Column.Type.TIMESTAMPTZ ? "+00" : ""));
            case NUMERIC: return numeric(in);
            default: throw new AssertionError(column.type());
        }
    }

    /** PostgreSQL's NUMERIC: digit count, weight, sign, display scale, then base-10000 digits. */
    static String numeric(ByteBuffer in) {
        int digits = in.getShort();
        int weight = in.getShort();
        int sign = in.getShort() & 0xFFFF;
        int scale = in.getShort();
        BigInteger unscaled = BigInteger.ZERO;
        for (int i = 0; i < digits; i++) {
            unscaled = unscaled.multiply(BigInteger.valueOf(10_000)).add(BigInteger.valueOf(in.getShort()));
        }
        // the last digit group has weight (weight - digits + 1): value = unscaled * 10000^(weight - digits + 1)
        BigDecimal value = new BigDecimal(unscaled).scaleByPowerOfTen(4 * (weight - digits + 1));
        if (sign == 0x4000) {
            value = value.negate();
        } else if (sign != 0) {
            throw new AssertionError("sign " + Integer.toHexString(sign));
        }
        return value.setScale(scale).toPlainString();
    }

    private static String expect(int length, int expected, String value) {
        if (length != expected) {
            throw new AssertionError("a field of " + length + " bytes, expected " + expected);
        }
        return value;
    }
}
