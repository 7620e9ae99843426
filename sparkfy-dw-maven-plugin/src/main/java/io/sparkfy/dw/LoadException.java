package io.sparkfy.dw;

import io.sparkfy.dw.SparkfyException;

/** Bad input found while loading: says which file, line and column, and why. */
public class LoadException extends SparkfyException {

    private final String file;
    private final long line;
    private final long column;

    public LoadException(String file, long line, long column, String reason) {
        this(file, line, column, reason, null);
    }

    public LoadException(String file, long line, long column, String reason, Throwable cause) {
        super(format(file, line, column, reason), cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    public long column() {
        return column;
    }

    private static String format(String file, long line, long column, String reason) {
        StringBuilder where = new StringBuilder(file);
        if (line > 0) {
            where.append(", line ").append(line);
            if (column > 0) {
                where.append(", column ").append(column);
            }
        }
        return where.append(": ").append(reason).toString();
    }
}
