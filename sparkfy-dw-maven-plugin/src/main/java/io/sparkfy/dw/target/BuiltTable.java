package io.sparkfy.dw.target;

import java.util.function.LongSupplier;

/**
 * One star table as a full build left it: the rows written into it (known now, or once the transaction committed
 * on a warehouse that batches its writes) and the time its statements took.
 */
public record BuiltTable(String table, LongSupplier rows, long nanos) {

    public static BuiltTable of(String table, long rows, long nanos) {
        return new BuiltTable(table, () -> rows, nanos);
    }
}
