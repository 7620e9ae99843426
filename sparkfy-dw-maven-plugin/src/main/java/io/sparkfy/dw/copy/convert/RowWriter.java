package io.sparkfy.dw.copy.convert;

/**
 * Where converted values go, one row at a time: the target's row format (PostgreSQL's binary COPY for the
 * embedded warehouse). The converter decides what a value is; the writer only how it is encoded.
 */
public interface RowWriter {

    /** Bytes written so far: a mark to {@link #resetTo} when a value must be written again. */
    int length();

    void resetTo(int mark);

    void nul();

    /** Returns the number of UTF-8 bytes written. */
    int text(String text);

    int text(char[] chars, int n);

    int utf8(byte[] bytes, int offset, int count);

    void integer(Column.Type type, long value);

    void float8(double value);

    void float4(float value);

    void bool(boolean value);

    void date(long epochDay);

    void timestamp(long epochSecond, int micros);

    void numeric(CharSequence text);
}
