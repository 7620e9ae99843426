package io.sparkfy.dw.target;

import io.sparkfy.dw.SparkfyException;

/**
 * A transaction that was sent and may have committed, or did (the Data API runs a goal's writes as one batch the
 * cluster goes on with whatever the build does): never to be told as a rollback, even when the goal was interrupted.
 */
public final class UncertainCommit extends SparkfyException {

    public UncertainCommit(String message, Throwable cause) {
        super(message, cause);
    }
}
