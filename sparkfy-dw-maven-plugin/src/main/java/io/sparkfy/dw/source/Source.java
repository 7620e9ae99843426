package io.sparkfy.dw.source;

import java.util.List;

/** Where the JSON of one staging table comes from. Listing is ordered, so loads are deterministic. */
public interface Source extends AutoCloseable {

    /** The location as the user wrote it. */
    String location();

    /** The objects to load, in name order; fails with the location when it does not exist or holds nothing. */
    List<SourceObject> list();

    /**
     * Another single object, such as a file a manifest names, through this source's connection where it can share
     * it (an S3 source's client), else as {@link Sources#single} gives it. Valid while this source is open.
     */
    default SourceObject single(String location, Sources sources, String region) {
        return sources.single(location, region);
    }

    /** Releases what listing and reading hold (an S3 client); nothing for local files. */
    @Override
    default void close() {
    }
}
