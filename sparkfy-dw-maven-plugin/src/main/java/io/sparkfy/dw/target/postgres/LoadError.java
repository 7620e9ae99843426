package io.sparkfy.dw.target.postgres;

/** One rejected record, with the columns of Redshift's STL_LOAD_ERRORS. */
record LoadError(String table, String filename, long lineNumber, String colname, String type, String colLength,
                 long position, String rawLine, String rawFieldValue, int errCode, String errReason) {

    /** How the Maven log shows it: where, which column, why. */
    String describe() {
        return filename + ", line " + lineNumber + ", column " + position + ": column " + colname + " (" + type
                + "): " + errReason + " [Redshift load error " + errCode + "]";
    }
}
