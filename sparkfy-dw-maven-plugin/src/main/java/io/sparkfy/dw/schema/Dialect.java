package io.sparkfy.dw.schema;

/** The SQL dialects shipped in sparkfy-dw-sql; each names its resource folder. */
public enum Dialect {
    POSTGRES("postgres"),
    REDSHIFT("redshift");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    public String folder() {
        return folder;
    }
}
