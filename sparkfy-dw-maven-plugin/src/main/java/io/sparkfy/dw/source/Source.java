package io.sparkfy.dw.source;

import java.util.List;

/** Where the JSON of one staging table comes from. Listing is ordered, so loads are deterministic. */
public interface Source extends AutoCloseable {

    /** The location as the user wrote it. */
    String location();

    /** The objects to load, in name order; fails with the location when it does not exist or holds nothing. */
    List<SourceObject> list();

    /** Releases what listing and reading hold (an S3 client); nothing for local files. */
    @Override
    default void close() {
    }
}
