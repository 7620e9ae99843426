package io.sparkfy.dw.testing;

import io.sparkfy.dw.source.SourceObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/** A store with latency: {@link #open()} waits before the bytes come, as a GET does. */
public final class SlowObject implements SourceObject {

    private final SourceObject inner;
    private final long millis;

    public SlowObject(SourceObject inner, long millis) {
        this.inner = inner;
        this.millis = millis;
    }

    public SourceObject inner() {
        return inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public InputStream open() throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        return inner.open();
    }
}
