package io.sparkfy.dw.source;

import io.sparkfy.dw.SparkfyException;
import java.util.Locale;

/** COPY's compression option for the data files. */
public enum Compression {
    NONE, GZIP, BZIP2, ZSTD;

    public static Compression parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SparkfyException("compression '" + value + "' is not one of none, gzip, bzip2, zstd");
        }
    }
}
