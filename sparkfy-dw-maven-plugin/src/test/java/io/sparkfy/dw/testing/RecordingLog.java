package io.sparkfy.dw.testing;

import io.sparkfy.dw.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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

    /** A log that keeps its lines in {@code lines} and hands each INFO line to {@code onInfo} as well. */
    public static Log watching(RecordingLog lines, Consumer<String> onInfo) {
        return new Log() {
            @Override public void info(String message) {
                lines.info(message);
                onInfo.accept(message);
            }
            @Override public void warn(String message) { lines.warn(message); }
            @Override public void debug(String message) { lines.debug(message); }
        };
    }

    public synchronized String text() {
        return String.join("\n", lines);
    }
}
