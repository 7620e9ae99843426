package io.sparkfy.dw.copy.convert;

import java.util.Objects;

/** The COPY options that change how a value converts (the rest of COPY's options do not reach the converter). */
public record ConversionOptions(TimeFormat timeFormat, TimeFormat dateFormat, boolean blanksAsNull,
                                boolean emptyAsNull, boolean truncateColumns) {

    public ConversionOptions {
        Objects.requireNonNull(timeFormat, "timeFormat");
        Objects.requireNonNull(dateFormat, "dateFormat");
    }
}
