package io.sparkfy.dw.testing;

import io.sparkfy.dw.source.SourceObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file whose bytes stop halfway until its gate's {@code goOn} is counted down; the gate's {@code waiting} says
 * they stopped. Keyed and versioned as the file is, so the load ledger sees the file itself: a test holds a load
 * at a point it observes (rows already at the server) to kill or race it there.
 */
public final class HeldFile implements SourceObject {

    /** Where held files stop: {@code waiting} once one has stopped, {@code goOn} lets them all go on. */
    public static final class Gate {
        public final CountDownLatch waiting = new CountDownLatch(1);
        public final CountDownLatch goOn = new CountDownLatch(1);
        public final AtomicInteger opened = new AtomicInteger();
    }

    private final SourceObject file;
    private final Gate gate;

    public HeldFile(SourceObject file, Gate gate) {
        this.file = file;
        this.gate = gate;
    }

    @Override
    public String name() {
        return file.name();
    }

    @Override
    public String relativeName() {
        return file.relativeName();
    }

    @Override
    public String version() {
        return file.version();
    }

    @Override
    public long size() {
        return file.size();
    }

    @Override
    public InputStream open() throws IOException {
        gate.opened.incrementAndGet();
        byte[] bytes;
        try (InputStream in = file.open()) {
            bytes = in.readAllBytes();
        }
        int half = bytes.length / 2;
        InputStream rest = new InputStream() {
            private InputStream in;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (in == null) {
                    gate.waiting.countDown();
                    try {
                        if (!gate.goOn.await(Waits.GUARD_SECONDS, TimeUnit.SECONDS)) {
                            throw new IOException(name() + ": the test never let the rest come");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted");
                    }
                    in = new ByteArrayInputStream(bytes, half, bytes.length - half);
                }
                return in.read(b, off, len);
            }
        };
        return new SequenceInputStream(new ByteArrayInputStream(bytes, 0, half), rest);
    }
}
