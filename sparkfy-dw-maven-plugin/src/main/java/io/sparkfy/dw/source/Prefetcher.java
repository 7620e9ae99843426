package io.sparkfy.dw.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out objects in list order while fetching up to {@code parallelism} of the following ones on background
 * threads, so a store's latency overlaps with parsing the current object.
 *
 * <p>An object of known size up to {@code maxBufferedBytesPerObject} is read whole into memory in the background.
 * A larger one is opened by the consumer in {@link #next()} and streamed, never buffered. An object of unknown size
 * is read in the background up to the limit; if it turns out larger, the rest streams on. So memory is bounded by
 * parallelism x limit ahead, plus the one object being consumed, whatever the input.
 *
 * <p>Small {@linkplain SourceObject#local() local} files are read in runs of up to {@value #RUN} per task: a task
 * per 300-byte song file cost more CPU than reading it. Objects behind a round trip (S3) get a task each, so their
 * latencies overlap.
 *
 * <p>A stream from {@link #next()} is valid until the following {@code next()} or {@link #close()}, which close it.
 * Not thread-safe: one consumer.
 */
public final class Prefetcher implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final List<SourceObject> objects;
    private final int parallelism;
    private final long limit;
    private final ExecutorService pool;
    private static final int SMALL_AHEAD = 256;
    /** Local objects up to this size are read in runs of up to {@link #RUN} per task. */
    private static final long RUN_OBJECT_BYTES = 64 << 10;
    private static final int RUN = 64;

    private final ArrayDeque<Slot> ahead = new ArrayDeque<>();
    // Every stream this class opened and has not closed: close() closes them, whoever holds them.
    private final Set<InputStream> open =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private int submitted;
    private int handedOut;
    /** Bytes of the small objects submitted and not yet handed out: with the window, what bounds memory. */
    private long bytesAhead;
    private Result current;
    private volatile boolean closed;

    /** What {@link #next()} gives: the object, its bytes, and whether they were read ahead into memory. */
    public record Fetched(SourceObject object, InputStream stream, boolean buffered) {
    }

    /**
     * A place ahead: the background task fetching it (and maybe the objects after it) and its index among that
     * task's outcomes, or a null task for an object the consumer will stream.
     */
    private record Slot(Future<List<Outcome>> fetch, int index) {
    }

    /** One object's fetch in a task: its result, or what it threw (thrown when the consumer reaches it). */
    private record Outcome(Result result, Exception failure) {
    }

    /** A fetch and the open stream under it, if any (null once read whole into memory). */
    private record Result(Fetched fetched, InputStream raw) {
    }

    public Prefetcher(List<SourceObject> objects, int parallelism, long maxBufferedBytesPerObject) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        if (maxBufferedBytesPerObject < 0 || maxBufferedBytesPerObject > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxBufferedBytesPerObject out of range: " + maxBufferedBytesPerObject);
        }
        this.objects = List.copyOf(objects);
        this.parallelism = parallelism;
        this.limit = maxBufferedBytesPerObject;
        int id = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "sparkfy-prefetch-" + id + "-" + threads.incrementAndGet());
            t.setDaemon(true); // a consumer that forgets close() must not keep the JVM (Maven) alive
            return t;
        });
        fill();
    }

    public boolean hasNext() {
        return handedOut < objects.size();
    }

    /**
     * The next object in list order. A failure to fetch it is thrown here, as the IOException or
     * SparkfyException the object gave.
     */
    public Fetched next() throws IOException {
        if (closed) {
            throw new IllegalStateException("prefetcher closed");
        }
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        closeCurrent(); // the consumer is done with it; its place goes to the next object ahead
        SourceObject object = objects.get(handedOut);
        Slot slot = ahead.remove();
        if (slot.fetch() != null) {
            bytesAhead -= Math.max(0, object.size());
        }
        handedOut++;
        fill();
        if (slot.fetch() == null) {
            InputStream in = track(object.open()); // too large to buffer: the consumer streams it
            current = new Result(new Fetched(object, in, false), in);
        } else {
            current = await(slot.fetch(), slot.index());
        }
        return current.fetched();
    }

    /**
     * Keeps {@code parallelism} objects in flight ahead of the consumer (large ones take a place, not a thread),
     * and more when they are small: up to {@value #SMALL_AHEAD} objects as long as their bytes stay within
     * parallelism x limit. A song folder holds 100,000 files of 300 bytes; with only 4 ahead the consumer waited
     * on a hand-over per file.
     */
    private void fill() {
        while (submitted < objects.size()) {
            SourceObject object = objects.get(submitted);
            int inFlight = submitted - handedOut;
            long size = Math.max(0, object.size());
            boolean small = size <= limit && inFlight < SMALL_AHEAD
                    && bytesAhead + size <= (long) parallelism * limit;
            if (inFlight >= parallelism && !small) {
                return;
            }
            if (object.size() > limit) {
                submitted++;
                ahead.add(new Slot(null, 0)); // streamed by the consumer: opened early, a connection would idle
                continue;
            }
            // A run of small local files in one task: a task per 300-byte file cost more than reading it.
            List<SourceObject> run = new ArrayList<>();
            do {
                SourceObject next = objects.get(submitted);
                run.add(next);
                bytesAhead += Math.max(0, next.size());
                submitted++;
            } while (object.local() && run.size() < RUN && submitted < objects.size() && runs(objects.get(submitted)));
            Future<List<Outcome>> task = pool.submit(() -> fetchAll(run));
            for (int i = 0; i < run.size(); i++) {
                ahead.add(new Slot(task, i));
            }
        }
    }

    /** Whether the next object may join a run: local, small, and within the bytes allowed ahead. */
    private boolean runs(SourceObject next) {
        return next.local() && next.size() >= 0 && next.size() <= RUN_OBJECT_BYTES
                && submitted - handedOut < SMALL_AHEAD && bytesAhead + next.size() <= (long) parallelism * limit;
    }

    private List<Outcome> fetchAll(List<SourceObject> run) {
        List<Outcome> outcomes = new ArrayList<>(run.size());
        for (SourceObject object : run) {
            try {
                outcomes.add(new Outcome(fetch(object), null));
            } catch (IOException | RuntimeException e) {
                outcomes.add(new Outcome(null, e));
            }
        }
        return outcomes;
    }

    private Result fetch(SourceObject object) throws IOException {
        InputStream in = track(object.open());
        boolean handedOver = false;
        try {
            // One byte more than the limit tells whether the object fits (a size can be unknown, or have changed).
            byte[] head = readHead(in, object.size());
            if (head.length <= limit) {
                return new Result(new Fetched(object, new ByteArrayInputStream(head), true), null);
            }
            handedOver = true;
            return new Result(new Fetched(object, new SequenceInputStream(new ByteArrayInputStream(head), in), false),
                    in);
        } finally {
            if (!handedOver) {
                untrackAndClose(in);
            }
        }
    }

    /**
     * Up to limit + 1 bytes. With a known size, into an array of that size (one read, and one more that finds
     * the end): FileInputStream.readNBytes(n) would ask the file's length and position first, two more system
     * calls per file, which over 100,000 song files cost more than the reading.
     */
    private byte[] readHead(InputStream in, long size) throws IOException {
        if (size < 0 || size >= limit) {
            return in.readNBytes((int) limit + 1);
        }
        byte[] head = new byte[(int) size];
        int n = in.readNBytes(head, 0, head.length);
        if (n < size) {
            return Arrays.copyOf(head, n); // shrank since it was listed
        }
        int next = in.read();
        if (next < 0) {
            return head; // the usual case: exactly the listed size, no copy
        }
        // It grew since it was listed: read on up to the limit.
        byte[] rest = in.readNBytes((int) (limit - n));
        byte[] all = Arrays.copyOf(head, n + 1 + rest.length);
        all[n] = (byte) next;
        System.arraycopy(rest, 0, all, n + 1, rest.length);
        return all;
    }

    private Result await(Future<List<Outcome>> future, int index) throws IOException {
        Outcome outcome;
        try {
            outcome = future.get().get(index);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching the next object");
        } catch (CancellationException e) {
            throw new IllegalStateException("prefetcher closed", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IOException(e.getCause());
        }
        if (outcome.failure() instanceof IOException io) {
            throw io;
        }
        if (outcome.failure() != null) {
            throw (RuntimeException) outcome.failure(); // SparkfyException from the source, as it was thrown
        }
        return outcome.result();
    }

    private InputStream track(InputStream in) throws IOException {
        open.add(in);
        if (closed) {
            untrackAndClose(in); // closed meanwhile: nobody would close it
            throw new InterruptedIOException("prefetcher closed");
        }
        return in;
    }

    private void untrackAndClose(InputStream in) {
        open.remove(in);
        try {
            in.close();
        } catch (IOException e) {
            // Nothing more to read from it either way.
        }
    }

    private void closeCurrent() {
        if (current != null && current.raw() != null) {
            untrackAndClose(current.raw());
        }
        current = null;
    }

    /** Cancels what is pending and closes every stream still open, including the one handed out last. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Slot slot : ahead) {
            if (slot.fetch() != null) {
                slot.fetch().cancel(true); // a run's task is cancelled once per object: harmless
            }
        }
        ahead.clear();
        pool.shutdownNow();
        current = null;
        List<InputStream> left;
        synchronized (open) {
            left = new ArrayList<>(open);
        }
        for (InputStream in : left) {
            untrackAndClose(in);
        }
    }
}
