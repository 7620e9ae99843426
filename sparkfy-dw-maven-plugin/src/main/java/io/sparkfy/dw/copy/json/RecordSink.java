package io.sparkfy.dw.copy.json;

/** Where a {@link RecordReader} hands each record it reads (embulk's page output, for JSON records). */
@FunctionalInterface
public interface RecordSink {

    /**
     * Takes the record, valid until the next one; false to pause the reader after it (a chunk to hand over, say:
     * the next {@link RecordReader#read} goes on from the record after).
     */
    boolean accept(JsonRecord record);
}
