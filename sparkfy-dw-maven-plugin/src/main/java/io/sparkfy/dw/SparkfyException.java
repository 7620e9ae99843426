package io.sparkfy.dw;

/**
 * A failure the user can act on: bad input, bad configuration, an unreachable warehouse. The message is complete
 * on its own (it names the file, line, column or setting concerned) and never contains a secret.
 */
public class SparkfyException extends RuntimeException {

    public SparkfyException(String message) {
        super(message);
    }

    public SparkfyException(String message, Throwable cause) {
        super(message, cause);
    }
}
