package io.sparkfy.dw.source;

import java.io.IOException;
import java.io.InputStream;

/** One raw object (a file, later an S3 object): a name for messages, a size for progress, its bytes. */
public interface SourceObject {

    /** How messages name it: a path relative to the source location, or the full location of a single object. */
    String name();

    long size();

    /**
     * Its name relative to the source location, as the load ledger keys it and a reload's glob or date range
     * matches it: {@code 2018/11/2018-11-01-events.json} under a folder or a prefix; the file name of a single file.
     */
    default String relativeName() {
        return name();
    }

    /**
     * What changes when the object is replaced in place: an S3 object's ETag, a local file's modification time;
     * null when the source cannot tell (then only the size is compared).
     */
    default String version() {
        return null;
    }

    InputStream open() throws IOException;

    /**
     * Whether it is a local regular file: opening it costs microseconds rather than a round trip, so the
     * prefetcher reads runs of such small objects in one background task instead of one task each, and its stream
     * reads short only at its end, so one read call of a byte more than its size reads it whole.
     */
    default boolean local() {
        return false;
    }
}
