package io.sparkfy.dw.copy.json;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streams the records of data files, one file at a time (the reader and its record serve every file of a load,
 * since a song folder holds 100,000 of them): whitespace-separated JSON objects (one per line, several per line,
 * or pretty-printed over lines), each handed to a {@link RecordSink} with the values its paths select.
 */
public interface RecordReader extends AutoCloseable {

    /**
     * Flat records (every wanted value a top-level key's) are read by the byte scanner, with the general parser to
     * take over wherever it meets something it does not handle; the parser reads everything else.
     */
    static RecordReader of(JsonFactory factory, PathTree tree, int columnCount) {
        return FlatJsonScanner.handles(tree)
                ? new ScanningRecordReader(factory, tree, columnCount, FlatJsonScanner.BUFFER)
                : new JacksonRecordReader(factory, tree, new JsonRecord(columnCount));
    }

    /** Starts on the next file, read as a stream; {@link #close()} ends it. */
    void open(InputStream in, String file) throws IOException;

    /**
     * Starts on the next file, held whole in memory: parsed in place, without the copy into a buffer and the
     * encoding detection a stream goes through (a song folder's 100,000 files pay that each).
     */
    void open(byte[] bytes, int length, String file) throws IOException;

    /**
     * Hands the file's records to the sink in order until the sink pauses (true: call again for the rest) or the
     * file ends (false). Malformed JSON is a LoadException with its file, line and column.
     */
    boolean read(RecordSink sink);

    /**
     * Up to {@code max} bytes of the raw text of the record last handed over (STL_LOAD_ERRORS.raw_line), from
     * the reader's own buffer or else from {@code raw}, the window of recent bytes under it; null when gone.
     */
    String rawText(RawTail raw, int max);

    /** Ends the file, closing its stream. */
    @Override
    void close() throws IOException;
}
