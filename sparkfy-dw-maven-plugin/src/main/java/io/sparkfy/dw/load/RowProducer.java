package io.sparkfy.dw.load;

import com.fasterxml.jackson.core.JsonFactory;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.source.Prefetcher;
import io.sparkfy.dw.source.SourceObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Parses and converts on a thread of its own, handing COPY text to the thread that owns the connection in chunks
 * through a short queue: the server's COPY and the plugin's parsing then run at the same time, on different cores,
 * and memory is bounded by the queue (a few chunks) whatever the input.
 */
final class RowProducer implements Runnable {

    private static final int CHUNK = 1 << 18;
    private static final int QUEUED_CHUNKS = 4;
    /** Objects fetched ahead of the parser, each buffered up to the limit. */
    private static final int PREFETCH = 4;
    private static final long PREFETCH_LIMIT = 8L << 20;
    /** Redshift's limit on one JSON object or array, braces included. */
    private static final long MAX_RECORD_BYTES = 4L << 20;
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private final JsonFactory factory;
    private final String table;
    private final List<SourceObject> objects;
    private final PathTree tree;
    private final List<Column> columns;
    private final CopyOptions options;
    private final LoadErrors errors;
    private final LoadProgress progress;
    private final CopyRow row = new CopyRow(CHUNK * 2);
    private final RawTail raw = new RawTail();
    private volatile boolean stopped;

    RowProducer(JsonFactory factory, String table, List<SourceObject> objects, PathTree tree, List<Column> columns,
                CopyOptions options, LoadErrors errors, LoadProgress progress) {
        this.factory = factory;
        this.table = table;
        this.objects = objects;
        this.tree = tree;
        this.columns = columns;
        this.options = options;
        this.errors = errors;
        this.progress = progress;
    }

    /** The next chunk of COPY text, or null at the end; rethrows what failed on the producing thread. */
    byte[] take() throws InterruptedException {
        Object next = queue.take();
        if (next == END) {
            return null;
        }
        if (next instanceof RuntimeException) {
            throw (RuntimeException) next;
        }
        if (next instanceof Error) {
            throw (Error) next;
        }
        if (next instanceof IOException) {
            throw new SparkfyException(table + ": cannot read the source: " + ((IOException) next).getMessage(),
                    (IOException) next);
        }
        return (byte[]) next;
    }

    /** The consumer gives up (the COPY failed): the producer stops at its next hand-over. */
    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try (Prefetcher prefetcher = new Prefetcher(objects, PREFETCH, PREFETCH_LIMIT)) {
            while (prefetcher.hasNext() && !stopped) {
                Prefetcher.Fetched fetched = prefetcher.next();
                SourceObject object = fetched.object();
                progress.rows += loadFile(object.name(), fetched.stream());
                progress.fileDone(object.size());
            }
            if (row.length() > 0) {
                put(row.take());
            }
            put(END);
        } catch (Exception | Error e) {
            try {
                put(e);
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private long loadFile(String name, InputStream stream) throws IOException, InterruptedException {
        long rows = 0;
        InputStream in = Decompression.open(stream, name, options.compression());
        if (options.acceptInvChars() != null) {
            in = new InvalidUtf8Replacer(in, options.acceptInvChars().charAt(0));
        }
        try (JsonRecordReader reader = new JsonRecordReader(factory, raw.of(in), name, tree, columns.size())) {
            while (reader.next()) {
                if (convert(name, reader)) {
                    rows++;
                    if (row.length() >= CHUNK) {
                        put(row.take());
                    }
                }
            }
        }
        return rows;
    }

    /** Appends the record's row; false (and a rejection) when a value does not fit. */
    private boolean convert(String name, JsonRecordReader reader) {
        if (reader.recordEnd() - reader.recordStart() > MAX_RECORD_BYTES) {
            errors.reject(new LoadError(table, name, reader.recordLine(), "", "", "", reader.recordColumn(),
                    rawLine(reader), null, 1216, "JSON object is larger than Redshift's 4 MB limit"));
            return false;
        }
        row.startRow();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                row.tab();
            }
            Column column = columns.get(i);
            try {
                ValueConverter.append(column, reader.kinds[i], reader.values[i], options, row);
            } catch (ConversionException e) {
                row.abandonRow();
                boolean located = reader.kinds[i] != JsonRecordReader.Kind.MISSING;
                errors.reject(new LoadError(table, name, located ? reader.lines[i] : reader.recordLine(),
                        column.name(), column.typeName(), column.length() > 0 ? "" + column.length() : null,
                        located ? reader.columns[i] : reader.recordColumn(), rawLine(reader),
                        located ? reader.values[i].toString() : null,
                        e.errorCode(), e.getMessage()));
                return false;
            }
        }
        row.endRow();
        return true;
    }

    /** Only for a rejection: the record's raw text, from the window of recent bytes. */
    private String rawLine(JsonRecordReader reader) {
        return raw.text(reader.recordStart(), reader.recordEnd(), 1024);
    }

    private void put(Object item) throws InterruptedException {
        while (!stopped) {
            if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }
}
