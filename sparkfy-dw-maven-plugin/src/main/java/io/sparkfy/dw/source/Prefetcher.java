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
    private int tasks;
    /** Bytes of the small objects submitted and not yet handed out: with the window, what bounds memory. */
    private long bytesAhead;
    private Result current;
    private volatile boolean closed;

    /**
     * What {@link #next()} gives: the object and its stream; when it was read ahead whole into memory, also its
     * bytes (the first {@code length} of {@code bytes}), which a consumer may parse in place instead.
     */
    public record Fetched(SourceObject object, InputStream stream, byte[] bytes, int length) {

        public boolean buffered() {
            return bytes != null;
        }
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
            current = new Result(new Fetched(object, in, null, 0), in);
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
            // A run starts only when a whole one fits: else, once the window was full, every hand-over
            // submitted a run of one file, a task and a thread wake-up per song file.
            int room = object.local() && size <= RUN_OBJECT_BYTES ? RUN : 1;
            boolean small = size <= limit && inFlight + room <= SMALL_AHEAD
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
            tasks++;
            for (int i = 0; i < run.size(); i++) {
                ahead.add(new Slot(task, i));
            }
        }
    }

    /** Background tasks submitted so far (each fetches one object, or a run of small local ones). */
    int tasks() {
        return tasks;
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
            Head head = readHead(in, object);
            if (head.length <= limit) {
                return new Result(new Fetched(object, new ByteArrayInputStream(head.bytes, 0, head.length),
                        head.bytes, head.length), null);
            }
            handedOver = true;
            return new Result(new Fetched(object, new SequenceInputStream(
                    new ByteArrayInputStream(head.bytes, 0, head.length), in), null, 0), in);
        } finally {
            if (!handedOver) {
                untrackAndClose(in);
            }
        }
    }

    /** The first bytes of an object: {@code length} of them, in an array that may be longer. */
    private record Head(byte[] bytes, int length) {
    }

    /**
     * Up to limit + 1 bytes. With a known size, one read asks for a byte more than the size: a local file
     * answers with exactly its size, which is then also its end (a regular file reads short only at its end), so
     * a 300-byte song file costs one read call. FileInputStream.readNBytes(n) would ask the file's length and
     * position first, and read once more to find the end: three more system calls per file, which over 100,000
     * song files cost more than the reading. A stream (S3) may read short anywhere, so it is read to its end.
     */
    private Head readHead(InputStream in, SourceObject object) throws IOException {
        long size = object.size();
        if (size < 0 || size >= limit) {
            byte[] head = in.readNBytes((int) limit + 1);
            return new Head(head, head.length);
        }
        byte[] head = new byte[(int) size + 1];
        int n = object.local() ? Math.max(0, in.read(head, 0, head.length)) : in.readNBytes(head, 0, head.length);
        boolean ended = object.local() ? n == size : n <= size;
        return ended ? new Head(head, n) : readOn(in, head, n); // else it changed since it was listed: read on
    }

    private Head readOn(InputStream in, byte[] head, int n) throws IOException {
        byte[] rest = in.readNBytes((int) limit + 1 - n);
        byte[] all = Arrays.copyOf(head, n + rest.length);
        System.arraycopy(rest, 0, all, n, rest.length);
        return new Head(all, all.length);
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
