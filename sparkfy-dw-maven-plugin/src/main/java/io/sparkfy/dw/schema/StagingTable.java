package io.sparkfy.dw.schema;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A staging table as the schema declares it: the source that fills it ({@code events}, {@code songs}) and that
 * source's default COPY options, option name ({@code json}, {@code timeFormat}, ...) to value, as plain text: the
 * COPY layer parses them.
 */
public record StagingTable(String table, String source, Map<String, String> defaults) {

    public StagingTable {
        defaults = Collections.unmodifiableMap(new TreeMap<>(defaults));
    }
}
