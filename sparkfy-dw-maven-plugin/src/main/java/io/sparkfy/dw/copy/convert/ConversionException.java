package io.sparkfy.dw.copy.convert;

/** A JSON value that does not fit its column; carries Redshift's STL_LOAD_ERRORS code for it. */
public final class ConversionException extends Exception {

    private final int errorCode;

    ConversionException(int errorCode, String reason) {
        super(reason, null, false, false); // thrown per bad value: no stack trace needed
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }
}
