package io.sparkfy.dw.source;

import java.io.IOException;
import java.io.InputStream;

/** One raw object (a file, later an S3 object): a name for messages, a size for progress, its bytes. */
public interface SourceObject {

    /** How messages name it: a path relative to the source location, or the full location of a single object. */
    String name();

    long size();

    InputStream open() throws IOException;
}
