package io.sparkfy.dw.source;

import java.io.IOException;
import java.io.InputStream;

/** One raw object (a file, later an S3 object): a name for messages, a size for progress, its bytes. */
public interface SourceObject {

    /** How messages name it: a path relative to the source location, or the full location of a single object. */
    String name();

    long size();

    InputStream open() throws IOException;

    /**
     * Whether opening it costs microseconds rather than a round trip (a local file): the prefetcher then reads
     * runs of such small objects in one background task instead of one task each.
     */
    default boolean local() {
        return false;
    }
}
