package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.SparkfyException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;

/**
 * Chunks of binary COPY rows from one table's parser to the thread that owns the connection, in order.
 *
 * <p>Once that thread reads (the table's COPY has begun), the parser runs at most a few chunks ahead of it. Before
 * that (the connection is still busy with an earlier table), the parser does not stop: chunks fill a memory budget
 * and then go to a temporary file, so the 100,000 song files are read and parsed while the events stream into the
 * database instead of after. Memory is bounded either way; the file is bounded too (past its budget the parser
 * waits), readable by its owner only, and deleted on close (on Linux as soon as it is open, so not even a killed
 * build leaves it behind).
 */
final class ChunkQueue implements AutoCloseable {

    /** Bytes 0..length of an array that may be larger; the array goes back to {@link #spare} once written. */
    record Chunk(byte[] bytes, int length) {
    }

    /** Empty arrays kept for the parser, so a load does not allocate one per chunk. */
    private static final int SPARES = 8;

    private final int chunksAhead;
    private final long memoryBudget;
    private final long spillBudget;
    private final ArrayDeque<Chunk> memory = new ArrayDeque<>();
    private final ArrayDeque<byte[]> spares = new ArrayDeque<>();
    private final int chunkSize;
    private final Path spillFolder;
    private final Runnable putWaits;
    private long memoryBytes;
    private FileChannel spill;
    private Path spillFile;
    private long spillWritten;
    private long spillRead;
    private long spilledChunks;
    private long spilledBytes;
    private boolean reading;
    private boolean ended;
    private boolean closed;
    /** A RuntimeException or an Error: see the two {@code fail}s. */
    private Throwable failure;

    private ChunkQueue(Builder builder) {
        this.chunksAhead = builder.chunksAhead;
        this.memoryBudget = builder.memoryBudget;
        this.spillBudget = builder.spillBudget;
        this.chunkSize = builder.chunkSize;
        this.spillFolder = builder.spillFolder;
        this.putWaits = builder.putWaits;
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private int chunksAhead;
        private long memoryBudget;
        private long spillBudget;
        private int chunkSize;
        private Path spillFolder = Path.of(System.getProperty("java.io.tmpdir"));
        private Runnable putWaits = () -> { };

        /** Chunks held for a consumer that is reading. */
        Builder chunksAhead(int chunks) {
            this.chunksAhead = chunks;
            return this;
        }

        /** Bytes held in memory before the consumer reads. */
        Builder memoryBudget(long bytes) {
            this.memoryBudget = bytes;
            return this;
        }

        /** Bytes written to the temporary file at most before the parser waits. */
        Builder spillBudget(long bytes) {
            this.spillBudget = bytes;
            return this;
        }

        /** The size of a new array from {@link #spare}. */
        Builder chunkSize(int bytes) {
            this.chunkSize = bytes;
            return this;
        }

        /** Where the temporary file goes: the system's temporary folder unless a test says otherwise. */
        Builder spillFolder(Path folder) {
            this.spillFolder = folder;
            return this;
        }

        /** Runs (holding the queue's lock) each time a put is about to wait: for tests, the point they wait for. */
        Builder whenPutWaits(Runnable listener) {
            this.putWaits = listener;
            return this;
        }

        ChunkQueue build() {
            return new ChunkQueue(this);
        }
    }

    /** Adds a chunk, waiting while the consumer is this far behind; returns at once when the queue is closed. */
    synchronized void put(Chunk chunk) throws InterruptedException {
        while (!closed) {
            boolean spillEmpty = spillRead == spillWritten;
            if (spillEmpty && (reading ? memory.size() < chunksAhead : memoryBytes + chunk.length() <= memoryBudget)) {
                memory.add(chunk);
                memoryBytes += chunk.length();
                notifyAll();
                return;
            }
            // Order: once something is in the file, what follows goes there too until the consumer drains it.
            if ((!reading || !spillEmpty) && spillWritten + Integer.BYTES + chunk.length() <= spillBudget) {
                try {
                    writeSpill(chunk);
                } catch (IOException e) {
                    throw new SparkfyException("cannot write rows parsed ahead to a temporary file in "
                            + spillFolder + ": " + e.getMessage() + " (give java.io.tmpdir"
                            + " more room, or list the largest source first: the first table is never parsed ahead)",
                            e);
                }
                spilledChunks++;
                spilledBytes += chunk.length();
                recycle(chunk);
                notifyAll();
                return;
            }
            putWaits.run();
            wait();
        }
    }

    /**
     * Whether the producer is this many chunks ahead of a consumer that reads (so a COPY being fed has rows
     * waiting), or will produce no more (ended, failed or closed).
     */
    synchronized boolean ahead(int chunks) {
        return ended || failure != null || closed || reading && (memory.size() >= chunks || spillRead < spillWritten);
    }

    /** An empty array for the next chunk: one the consumer has written, or a new one. */
    synchronized byte[] spare() {
        byte[] spare = spares.poll();
        return spare != null ? spare : new byte[chunkSize];
    }

    /** The chunk is written: its array can carry another. */
    synchronized void recycle(Chunk chunk) {
        if (spares.size() < SPARES && chunk.bytes().length >= chunkSize) {
            spares.add(chunk.bytes());
        }
    }

    /** No more chunks will come. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** The parser failed: the consumer gets the failure at its next take, before any chunk still queued. */
    synchronized void fail(RuntimeException cause) {
        failed(cause);
    }

    /** As {@link #fail(RuntimeException)}: an error on the parsing thread is rethrown as it is on the consumer's. */
    synchronized void fail(Error cause) {
        failed(cause);
    }

    private void failed(Throwable cause) {
        failure = cause;
        notifyAll();
    }

    /** Throws what the parser failed with, if it did. */
    synchronized void throwIfFailed() {
        if (failure != null) {
            throw rethrown();
        }
    }

    private RuntimeException rethrown() {
        if (failure instanceof Error error) {
            throw error;
        }
        return (RuntimeException) failure;
    }

    /**
     * The next chunk in order, or null after the last; throws what the parser failed with (before any chunk still
     * queued).
     */
    synchronized Chunk take() throws InterruptedException, IOException {
        reading = true;
        notifyAll();
        while (true) {
            if (failure != null) {
                throw rethrown();
            }
            if (!memory.isEmpty()) {
                Chunk chunk = memory.remove();
                memoryBytes -= chunk.length();
                notifyAll();
                return chunk;
            }
            if (spillRead < spillWritten) {
                Chunk chunk = readSpill();
                notifyAll();
                return chunk;
            }
            if (ended) {
                return null;
            }
            wait();
        }
    }

    private void writeSpill(Chunk chunk) throws IOException {
        if (spill == null) {
            // createTempFile makes it readable by its owner only: it holds the data being loaded
            spillFile = Files.createTempFile(spillFolder, "sparkfy-dw-", ".copy");
            spill = FileChannel.open(spillFile, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
        }
        ByteBuffer length = ByteBuffer.allocate(Integer.BYTES).putInt(0, chunk.length());
        writeFully(length, spillWritten);
        writeFully(ByteBuffer.wrap(chunk.bytes(), 0, chunk.length()), spillWritten + Integer.BYTES);
        spillWritten += Integer.BYTES + chunk.length();
    }

    private Chunk readSpill() throws IOException {
        ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
        readFully(length, spillRead);
        int size = length.getInt(0);
        byte[] bytes = spares.poll();
        if (bytes == null || bytes.length < size) {
            bytes = new byte[Math.max(size, chunkSize)];
        }
        readFully(ByteBuffer.wrap(bytes, 0, size), spillRead + Integer.BYTES);
        spillRead += Integer.BYTES + size;
        if (spillRead == spillWritten) {
            spillRead = spillWritten = 0; // drained: the file's space is used again from the start
        }
        return new Chunk(bytes, size);
    }

    private void writeFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += spill.write(buffer, position);
        }
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = spill.read(buffer, position);
            if (n < 0) {
                throw new IOException("the temporary file of parsed rows ended early");
            }
            position += n;
        }
    }

    /** The temporary file, once one was needed (for tests: it must be gone after close). */
    synchronized Path spillFile() {
        return spillFile;
    }

    /** How many chunks, and bytes, went through the temporary file so far. */
    synchronized long spilledChunks() {
        return spilledChunks;
    }

    synchronized long spilledBytes() {
        return spilledBytes;
    }

    /** Drops what is queued, wakes a waiting parser and deletes the temporary file. */
    @Override
    public synchronized void close() {
        closed = true;
        memory.clear();
        notifyAll();
        if (spill != null) {
            try {
                spill.close();
            } catch (IOException e) {
                // DELETE_ON_CLOSE: nothing else to release
            }
            spill = null;
        }
    }
}
