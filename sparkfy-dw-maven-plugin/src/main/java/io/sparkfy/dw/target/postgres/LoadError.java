package io.sparkfy.dw.target.postgres;

/** One rejected record, with the columns of Redshift's STL_LOAD_ERRORS. Made with {@link #builder}. */
record LoadError(String table, String filename, long lineNumber, String colname, String type, String colLength,
                 long position, String rawLine, String rawFieldValue, int errCode, String errReason) {

    /** A rejection in one file of a table; a record-level one names no column (empty, as Redshift leaves it). */
    static Builder builder(String table, String filename) {
        return new Builder(table, filename);
    }

    /** How the Maven log shows it: where, which column, why. */
    String describe() {
        return filename + ", line " + lineNumber + ", column " + position + ": column " + colname + " (" + type
                + "): " + errReason + " [Redshift load error " + errCode + "]";
    }

    static final class Builder {

        private final String table;
        private final String filename;
        private long lineNumber;
        private long position;
        private String colname = "";
        private String type = "";
        private String colLength = "";
        private String rawLine;
        private String rawFieldValue;

        private Builder(String table, String filename) {
            this.table = table;
            this.filename = filename;
        }

        /** Line and column (1-based) in the file. */
        Builder at(long lineNumber, long position) {
            this.lineNumber = lineNumber;
            this.position = position;
            return this;
        }

        /** The staging column the value was meant for; {@code colLength} null when the type has none. */
        Builder column(String colname, String type, String colLength) {
            this.colname = colname;
            this.type = type;
            this.colLength = colLength;
            return this;
        }

        Builder rawLine(String rawLine) {
            this.rawLine = rawLine;
            return this;
        }

        Builder rawFieldValue(String rawFieldValue) {
            this.rawFieldValue = rawFieldValue;
            return this;
        }

        /** Redshift's error code and reason: the last part, so it ends the chain. */
        LoadError error(int errCode, String errReason) {
            return new LoadError(table, filename, lineNumber, colname, type, colLength, position, rawLine,
                    rawFieldValue, errCode, errReason);
        }
    }
}
