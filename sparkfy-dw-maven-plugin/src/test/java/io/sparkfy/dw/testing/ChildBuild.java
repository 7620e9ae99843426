package io.sparkfy.dw.testing;

import io.sparkfy.dw.Log;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A build in a JVM of its own, as Maven runs one: a test class's {@code main} on this test's class path, its output
 * read a line at a time, and Ctrl-C sent to it as SIGINT ({@link Signals} says where that can reach it).
 */
public final class ChildBuild implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final List<String> lines = new ArrayList<>();

    private ChildBuild(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code main}'s {@code main(args)}, standard error joined to standard output. */
    public static ChildBuild start(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ChildBuild(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Reads up to the first line that {@code wanted} accepts and returns it (null: the output ended first). */
    public String readUntil(Predicate<String> wanted) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (wanted.test(line)) {
                return line;
            }
            lines.add(line);
        }
        return null;
    }

    /** Ctrl-C. */
    public void interrupt() throws IOException, InterruptedException {
        new ProcessBuilder("/bin/kill", "-INT", Long.toString(process.pid())).start().waitFor();
    }

    /** SIGKILL, as an IDE's stop button or the OOM killer: no hook runs. False when it did not end in the guard. */
    public boolean kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor(Waits.GUARD_SECONDS, TimeUnit.SECONDS);
    }

    /** Reads the rest of the output and waits for the exit; false when it did not end within the guard. */
    public boolean awaitExit() throws IOException, InterruptedException {
        readUntil(line -> false);
        return process.waitFor(Waits.GUARD_SECONDS, TimeUnit.SECONDS);
    }

    /** Every line read so far but those {@link #readUntil} returned. */
    public List<String> lines() {
        return lines;
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        out.close();
    }

    /** For a child's {@code main}: a log that prints "INFO ..." and "WARN ..." lines, one at a time. */
    public static Log printingLog() {
        return new Log() {
            @Override public void info(String message) { print("INFO " + message); }
            @Override public void warn(String message) { print("WARN " + message); }
            @Override public void debug(String message) { }
        };
    }

    /** For a child's {@code main}: one line, flushed at once so that the test sees it when it happens. */
    public static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
