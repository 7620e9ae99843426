package io.sparkfy.dw.testing;

import io.sparkfy.dw.Log;
import java.util.ArrayList;
import java.util.List;

/** A Log that keeps every line, so tests can assert on what a user would read. */
public final class RecordingLog implements Log {

    public final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void info(String message) {
        lines.add("INFO " + message);
    }

    @Override
    public synchronized void warn(String message) {
        lines.add("WARN " + message);
    }

    @Override
    public synchronized void error(String message) {
        lines.add("ERROR " + message);
    }

    @Override
    public synchronized void debug(String message) {
        lines.add("DEBUG " + message);
    }

    public synchronized String text() {
        return String.join("\n", lines);
    }
}
