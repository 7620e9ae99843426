package io.sparkfy.dw.load;

/**
 * A JSON value's text, reused record after record: the parser's characters are copied in, and a String is made
 * only when something asks for one (a number to parse, an error message). Text columns never need one.
 */
final class Chars implements CharSequence {

    char[] array = new char[64];
    int length;
    private String string;

    void set(char[] source, int offset, int count) {
        if (array.length < count) {
            array = new char[Math.max(count, array.length * 2)];
        }
        System.arraycopy(source, offset, array, 0, count);
        length = count;
        string = null;
    }

    void set(String text) {
        int count = text.length();
        if (array.length < count) {
            array = new char[Math.max(count, array.length * 2)];
        }
        text.getChars(0, count, array, 0); // into the buffer: no array per value
        length = count;
        string = text;
    }

    void clear() {
        length = 0;
        string = null;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        return array[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().substring(start, end);
    }

    @Override
    public String toString() {
        if (string == null) {
            string = new String(array, 0, length);
        }
        return string;
    }
}
