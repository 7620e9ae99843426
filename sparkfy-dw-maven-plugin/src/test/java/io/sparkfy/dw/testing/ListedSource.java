package io.sparkfy.dw.testing;

import io.sparkfy.dw.source.Source;
import io.sparkfy.dw.source.SourceObject;
import java.util.List;

/** A source of the test's own: these objects, in this order. */
public record ListedSource(String location, List<SourceObject> list) implements Source {
}
