package io.sparkfy.dw.target;

/** One star table as a full build left it: the rows written into it and the time its statements took. */
public record BuiltTable(String table, long rows, long nanos) {
}
