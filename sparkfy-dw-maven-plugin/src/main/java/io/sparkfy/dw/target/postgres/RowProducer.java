package io.sparkfy.dw.target.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import io.sparkfy.dw.Log;
import io.sparkfy.dw.Plural;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.LoadLedger;
import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.copy.convert.Column;
import io.sparkfy.dw.copy.convert.ConversionException;
import io.sparkfy.dw.copy.convert.ConversionOptions;
import io.sparkfy.dw.copy.convert.ValueConverter;
import io.sparkfy.dw.copy.json.JsonRecord;
import io.sparkfy.dw.copy.json.PathTree;
import io.sparkfy.dw.copy.json.RawTail;
import io.sparkfy.dw.copy.json.RecordReader;
import io.sparkfy.dw.copy.json.RecordSink;
import io.sparkfy.dw.copy.json.ValueKind;
import io.sparkfy.dw.source.Compression;
import io.sparkfy.dw.source.Decompression;
import io.sparkfy.dw.source.InvalidUtf8Replacer;
import io.sparkfy.dw.source.Prefetcher;
import io.sparkfy.dw.source.Source;
import io.sparkfy.dw.source.SourceObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Lists, parses and converts one table's source on a thread of its own, handing binary COPY rows to the thread
 * that owns the connection in chunks through a {@link ChunkQueue}: the server's COPY and the plugin's parsing run
 * at the same time on different cores, a later table is parsed while an earlier one loads, and memory is bounded
 * by the queue whatever the input.
 */
final class RowProducer implements Runnable {

    private static final int CHUNK = 1 << 18;
    /**
     * A chunk's array: room for the row that crosses CHUNK (a longer row grows it). Under half of G1's 1 MB region
     * (a 256 MB heap's), where an array is "humongous": allocated outside the young generation, and each one
     * started a concurrent marking cycle (README, "Performance").
     */
    private static final int CHUNK_ARRAY = CHUNK + (CHUNK >> 2);
    /** Chunks ahead of a COPY that is reading; before it reads, a memory budget and then a temporary file. */
    private static final int QUEUED_CHUNKS = 4;
    private static final long MEMORY_BEFORE_COPY = 8L << 20;
    private static final long SPILL_BEFORE_COPY = 1L << 30;
    /** Objects fetched ahead of the parser, each buffered up to the limit. */
    private static final int PREFETCH = 4;
    private static final long PREFETCH_LIMIT = 8L << 20;
    /** Redshift's limit on one JSON object or array, braces included. */
    private static final long MAX_RECORD_BYTES = 4L << 20;

    private final ChunkQueue queue = ChunkQueue.builder().chunksAhead(QUEUED_CHUNKS).memoryBudget(MEMORY_BEFORE_COPY)
            .spillBudget(SPILL_BEFORE_COPY).chunkSize(CHUNK_ARRAY).build();
    private final String table;
    private final Source data;
    private final Callable<LoadLedger.Batch> listing;
    /** The batch the listing selected, once it is known (the consumer skips a table with nothing new). */
    private final CompletableFuture<LoadLedger.Batch> listed = new CompletableFuture<>();
    /** What each file gave, in load order; written by the parsing thread, read after the last chunk. */
    private final List<LoadLedger.FileLoad> files = new ArrayList<>();
    private final String description;
    private final List<Column> columns;
    private final CopyOptions options;
    private final ConversionOptions conversion;
    private final LoadErrors errors;
    private final Log log;
    private final long started;
    private final CopyRow row = new CopyRow(CHUNK_ARRAY);
    private final RawTail raw = new RawTail();
    private final RecordReader reader;
    private final RowSink sink = new RowSink();
    /** Chunks the table being loaded must have waiting before a later table's parser takes a turn. */
    private static final int AHEAD_FOR_LATER = 2;
    /** How long a later table's parser waits before it looks again. */
    private static final long TURN_WAIT_NANOS = 500_000;

    /** The tables before this one, when it must leave the cores to them: see {@link #yieldTo}. */
    private volatile List<RowProducer> earlier = List.of();
    /** How a later table's parser waits before it looks again (tests see it wait). */
    private volatile Runnable turnWait = () -> LockSupport.parkNanos(TURN_WAIT_NANOS);
    /** Written by the parsing thread; read by the consumer after the last chunk (the queue orders the two). */
    private LoadProgress progress;
    /** Nanoseconds for the progress lines: {@link System#nanoTime()}, a clock of their own in tests. */
    private volatile LongSupplier clock = System::nanoTime;
    /** Bytes of the current file read so far, when it streams; null when it is parsed in memory. */
    private CountingStream counted;
    private volatile boolean stopped;

    /**
     * @param data        the source, closed when the producer is done with it
     * @param listing     the objects to load, listed (and selected by the ledger) on the parsing thread (a song
     *                    folder's 100,000 files take a while to list, time that overlaps an earlier table's COPY)
     * @param description what is loaded from where, for the log
     * @param started     when the table's load began, for its summary
     */
    RowProducer(JsonFactory factory, String table, Source data, Callable<LoadLedger.Batch> listing,
                String description, PathTree tree, List<Column> columns, CopyOptions options, LoadErrors errors,
                Log log, long started) {
        this.table = table;
        this.data = data;
        this.listing = listing;
        this.description = description;
        this.columns = columns;
        this.options = options;
        this.conversion = options.conversion();
        this.errors = errors;
        this.log = log;
        this.started = started;
        this.reader = RecordReader.of(factory, tree, columns.size());
    }

    /** The next chunk of binary COPY rows, or null at the end; rethrows what failed on the producing thread. */
    ChunkQueue.Chunk take() throws InterruptedException {
        try {
            return queue.take();
        } catch (IOException e) {
            throw new SparkfyException(table + ": cannot read back the parsed rows: " + e.getMessage(), e);
        }
    }

    /** The chunk is written to the server: its array can carry another. */
    void recycle(ChunkQueue.Chunk chunk) {
        queue.recycle(chunk);
    }

    /** Throws what failed on the producing thread, as {@link #take()} would, if anything did. */
    void throwIfFailed() {
        queue.throwIfFailed();
    }

    /**
     * The objects this table loads, once listed and selected: waits for the listing; rethrows what failed on the
     * producing thread.
     */
    LoadLedger.Batch batch() throws InterruptedException {
        try {
            return listed.get();
        } catch (ExecutionException | CancellationException e) {
            queue.throwIfFailed();
            throw new SparkfyException(table + ": the listing did not finish: " + e.getMessage(), e);
        }
    }

    /** Rows and rejections per file, in load order; complete once {@link #take()} has returned null. */
    List<LoadLedger.FileLoad> files() {
        return files;
    }

    /** Rows, files and bytes parsed; complete once {@link #take()} has returned null. */
    LoadStats stats() {
        return progress.stats();
    }

    long rows() {
        return progress.rows;
    }

    List<Column> columns() {
        return columns;
    }

    LoadErrors errors() {
        return errors;
    }

    /**
     * With fewer cores than the server and the parsers need, parsing ahead competes with the table being loaded
     * and slows down the COPY every table waits for. This table then lists, reads and parses only while each
     * table before it has rows waiting for a COPY that reads them (its parser is ahead of the server), or has none
     * left to make: it takes the cores' slack, not the COPY's share. A table two places back therefore also waits
     * for the one between to be read or done.
     */
    void yieldTo(List<RowProducer> before) {
        earlier = List.copyOf(before);
    }

    /** The clock of the progress lines, set before the producer runs (tests use one of their own). */
    void measuredBy(LongSupplier clock) {
        this.clock = clock;
    }

    /** For tests: runs each time this parser waits its turn, instead of the pause before it looks again. */
    void whenWaitingTurn(Runnable wait) {
        turnWait = wait;
    }

    private void awaitTurn() {
        for (RowProducer before : earlier) {
            while (!stopped && !before.queue.ahead(AHEAD_FOR_LATER)) {
                turnWait.run();
            }
        }
    }

    /** The consumer gives up (a COPY failed) or is done: the producer stops at its next hand-over. */
    void stop() {
        stopped = true;
        listed.cancel(false);
        queue.close();
    }

    @Override
    public void run() {
        try (data) {
            awaitTurn();
            if (stopped) {
                return; // the load is over: no listing (an S3 prefix's pages) for nothing
            }
            LoadLedger.Batch batch = listing.call();
            List<SourceObject> objects = batch.objects();
            progress = new LoadProgress(log, table, objects.size(), started, clock);
            listed.complete(batch);
            if (objects.isEmpty()) {
                queue.end(); // nothing new: the consumer leaves the table as it is
                return;
            }
            log.info(String.format("%s: loading %s from %s%s", table, Plural.of(objects.size(), "file"), description,
                    batch.alreadyLoaded() == 0 ? "" : String.format(" (%,d already loaded)", batch.alreadyLoaded())));
            try (Prefetcher prefetcher = new Prefetcher(objects, PREFETCH, PREFETCH_LIMIT)) {
                while (prefetcher.hasNext() && !stopped) {
                    awaitTurn();
                    Prefetcher.Fetched fetched = prefetcher.next();
                    SourceObject object = fetched.object();
                    int rejectedBefore = errors.count();
                    progress.fileStarted(object.name(), object.size());
                    long rows = loadFile(object.name(), fetched);
                    progress.rows += rows;
                    files.add(new LoadLedger.FileLoad(object, rows, errors.count() - rejectedBefore));
                    progress.fileDone(object.size());
                }
            }
            if (row.length() > 0) {
                queue.put(row.take(queue.spare()));
            }
            log.debug(String.format("%s: %,d chunks (%.1f MB) of rows parsed ahead went through a temporary file",
                    table, queue.spilledChunks(), queue.spilledBytes() / 1e6));
            queue.end();
        } catch (InterruptedException e) {
            failed(new SparkfyException(table + ": the load was interrupted", e));
        } catch (RuntimeException e) {
            failed(e);
        } catch (Error e) {
            queue.fail(e);
            listed.completeExceptionally(e);
        } catch (Exception e) {
            failed(new SparkfyException(table + ": cannot read the source: " + e.getMessage(), e));
        }
    }

    /** The queue's failure first, so that a consumer waiting for the listing gets the failure itself. */
    private void failed(RuntimeException e) {
        queue.fail(e);
        listed.completeExceptionally(e);
    }

    private long loadFile(String name, Prefetcher.Fetched fetched) throws IOException, InterruptedException {
        if (fetched.buffered() && options.compression() == Compression.NONE && options.acceptInvChars() == null) {
            // Already in memory and read as it is: parsed in place.
            Decompression.checkUncompressed(fetched.bytes(), fetched.length(), name);
            raw.of(fetched.bytes(), fetched.length());
            reader.open(fetched.bytes(), fetched.length(), name);
            counted = null;
        } else {
            // A large file streams: its bytes are counted as they are read, compressed, for the progress lines.
            counted = new CountingStream(fetched.stream());
            InputStream in = Decompression.open(counted, name, options.compression());
            if (options.acceptInvChars() != null) {
                in = new InvalidUtf8Replacer(in, options.acceptInvChars().charAt(0));
            }
            reader.open(raw.of(in), name);
        }
        sink.start(name);
        try (RecordReader reader = this.reader) {
            // The reader pauses at each full chunk, handed over here, where waiting for the consumer may throw.
            while (!stopped && reader.read(sink)) {
                if (row.length() >= CHUNK) {
                    queue.put(row.take(queue.spare()));
                }
                if (counted != null) {
                    progress.within(counted.count());
                }
            }
        }
        return sink.converted;
    }

    /** Converts each record into the chunk being filled, and pauses the reader once the chunk is full. */
    private final class RowSink implements RecordSink {
        private String file;
        private long converted;

        void start(String file) {
            this.file = file;
            converted = 0;
        }

        @Override
        public boolean accept(JsonRecord record) {
            if (convert(file, record)) {
                converted++;
            }
            return row.length() < CHUNK && !stopped;
        }
    }

    /** Appends the record's row; false (and a rejection) when a value does not fit. */
    private boolean convert(String name, JsonRecord record) {
        if (record.end() - record.start() > MAX_RECORD_BYTES) {
            errors.reject(LoadError.builder(table, name).at(record.line(), record.column())
                    .rawLine(rawLine()).error(1216, "JSON object is larger than Redshift's 4 MB limit"));
            return false;
        }
        row.startRow(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            try {
                ValueConverter.append(column, record.kind(i), record.value(i), conversion, row);
            } catch (ConversionException e) {
                row.abandonRow();
                boolean located = record.kind(i) != ValueKind.MISSING;
                errors.reject(LoadError.builder(table, name)
                        .at(located ? record.valueLine(i) : record.line(),
                                located ? record.valueColumn(i) : record.column())
                        .column(column.name(), column.typeName(), column.length() > 0 ? "" + column.length() : null)
                        .rawLine(rawLine()).rawFieldValue(located ? record.value(i).toString() : null)
                        .error(e.errorCode(), e.getMessage()));
                return false;
            }
        }
        return true;
    }

    /** Only for a rejection: the record's raw text, from the window of recent bytes. */
    private String rawLine() {
        return reader.rawText(raw, 1024);
    }

}
