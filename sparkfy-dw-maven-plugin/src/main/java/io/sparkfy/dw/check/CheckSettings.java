package io.sparkfy.dw.check;

import io.sparkfy.dw.SparkfyException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the check goal runs: which checks, where the project's own are, where the results go, the freshness ages,
 * whether failing error checks fail the build, and the clock freshness is judged by (a fixed one in tests).
 */
public final class CheckSettings {

    /** The project's checks, relative to its base folder. */
    public static final String DEFAULT_CHECKS_DIRECTORY = "src/main/sparkfy-dw/checks";
    /** Under the build folder: where the JUnit XML and the results the report reads are written. */
    public static final String DEFAULT_REPORTS_DIRECTORY = "sparkfy-dw/check-reports";
    /** How many failing rows a result keeps and shows. */
    public static final int SAMPLE_ROWS = 5;

    private final Set<String> selected;
    private final Path checksDirectory;
    private final Path reportsDirectory;
    private final Map<String, Freshness> freshness;
    private final boolean failOnError;
    private final Clock clock;

    private CheckSettings(Builder builder) {
        this.selected = Set.copyOf(builder.selected);
        this.checksDirectory = builder.checksDirectory;
        this.reportsDirectory = builder.reportsDirectory;
        this.freshness = Map.copyOf(builder.freshness);
        this.failOnError = builder.failOnError;
        this.clock = builder.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The names to run; empty: all of them. */
    public Set<String> selected() {
        return selected;
    }

    /** The project's own checks (every {@code *.sql} in it), or null: none. */
    public Path checksDirectory() {
        return checksDirectory;
    }

    /** Receives the JUnit XML and {@code check-results.json}; null: nothing is written (a test's choice). */
    public Path reportsDirectory() {
        return reportsDirectory;
    }

    public Freshness freshness(String name) {
        return freshness.getOrDefault(name, Freshness.DEFAULT);
    }

    public boolean failOnError() {
        return failOnError;
    }

    public Clock clock() {
        return clock;
    }

    public static final class Builder {

        private final Set<String> selected = new LinkedHashSet<>();
        private Path checksDirectory;
        private Path reportsDirectory;
        private final Map<String, Freshness> freshness = new LinkedHashMap<>();
        private boolean failOnError = true;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Runs only these checks (by name); none given: every check. */
        public Builder select(List<String> names) {
            names.stream().map(String::strip).filter(n -> !n.isEmpty()).forEach(selected::add);
            return this;
        }

        public Builder checksDirectory(Path directory) {
            this.checksDirectory = directory;
            return this;
        }

        public Builder reportsDirectory(Path directory) {
            this.reportsDirectory = directory;
            return this;
        }

        /** The ages of one name a freshness check may give ({@link Freshness#NAMES}). */
        public Builder freshness(String name, Freshness ages) {
            if (!Freshness.NAMES.contains(name)) {
                throw new SparkfyException("no freshness ages are called '" + name + "' (known: "
                        + String.join(", ", Freshness.NAMES) + ")");
            }
            freshness.put(name, ages);
            return this;
        }

        /** False: failing error checks are reported, and the build goes on. */
        public Builder failOnError(boolean failOnError) {
            this.failOnError = failOnError;
            return this;
        }

        /** What "now" is for freshness; the system's UTC clock unless a test fixes it. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public CheckSettings build() {
            return new CheckSettings(this);
        }
    }
}
