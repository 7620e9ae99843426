package io.sparkfy.dw.copy.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON value's text, reused record after record: the parser's characters are copied in, and a String is made
 * only when something asks for one (a number to parse, an error message). Text columns never need one.
 *
 * <p>The byte scanner gives a string without escapes as the UTF-8 it already is, a view into its buffer valid
 * until the next record: a text column then takes the bytes as they are, and characters are decoded only if
 * something asks for them (a blank test, a truncation, a message).
 */
public final class Chars implements CharSequence {

    private char[] array = new char[64];
    private int length;
    private String string;
    private byte[] utf8;
    private int utf8Offset;
    private int utf8Length;
    private boolean asciiView;
    /** Whether {@link #array} holds the text (false while only the UTF-8 view does). */
    private boolean decoded = true;

    void set(char[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, array, 0, count);
        setLength(count);
    }

    void set(String text) {
        int count = text.length();
        ensure(count);
        text.getChars(0, count, array, 0); // into the buffer: no array per value
        setLength(count);
        string = text;
    }

    /**
     * A view of valid UTF-8 without escapes, left in the caller's buffer until the next record; {@code ascii}
     * when every byte is ASCII, so that its bytes are its chars and nothing needs decoding (a number, say).
     */
    void setUtf8(byte[] bytes, int offset, int count, boolean ascii) {
        utf8 = bytes;
        utf8Offset = offset;
        utf8Length = count;
        asciiView = ascii;
        decoded = false;
        string = null;
    }

    private void ensure(int count) {
        if (array.length < count) {
            array = new char[Math.max(count, array.length * 2)];
        }
    }

    /** The array to write {@code count} or more new chars into, ended by {@link #setLength}. */
    char[] writable(int count) {
        utf8 = null;
        asciiView = false;
        decoded = true;
        ensure(count);
        return array;
    }

    /** A larger array that keeps the chars written so far. */
    char[] grow() {
        array = Arrays.copyOf(array, Math.max(64, array.length * 2));
        return array;
    }

    public char[] array() {
        decode();
        return array;
    }

    void setLength(int count) {
        length = count;
        string = null;
        utf8 = null;
        asciiView = false;
        decoded = true;
    }

    void clear() {
        setLength(0);
    }

    /** The UTF-8 view's array, or null when the text came as chars. */
    public byte[] utf8() {
        return utf8;
    }

    public int utf8Offset() {
        return utf8Offset;
    }

    public int utf8Length() {
        return utf8Length;
    }

    private void decode() {
        if (!decoded) {
            ensure(utf8Length);
            int i = 0;
            for (; i < utf8Length && utf8[utf8Offset + i] >= 0; i++) {
                array[i] = (char) utf8[utf8Offset + i]; // ASCII, nearly always (digits in a string, say)
            }
            if (i == utf8Length) {
                length = utf8Length;
            } else {
                String text = new String(utf8, utf8Offset, utf8Length, StandardCharsets.UTF_8);
                text.getChars(0, text.length(), array, 0);
                length = text.length();
                string = text;
            }
            decoded = true;
        }
    }

    @Override
    public int length() {
        if (asciiView) {
            return utf8Length;
        }
        decode();
        return length;
    }

    @Override
    public char charAt(int index) {
        if (asciiView) {
            if (index < 0 || index >= utf8Length) {
                throw new StringIndexOutOfBoundsException(index);
            }
            return (char) utf8[utf8Offset + index];
        }
        decode();
        return array[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().substring(start, end);
    }

    @Override
    public String toString() {
        if (asciiView) {
            if (string == null) {
                string = new String(utf8, utf8Offset, utf8Length, StandardCharsets.ISO_8859_1);
            }
            return string;
        }
        decode();
        if (string == null) {
            string = new String(array, 0, length);
        }
        return string;
    }
}
