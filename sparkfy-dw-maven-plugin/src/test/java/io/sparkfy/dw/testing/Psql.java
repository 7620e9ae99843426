package io.sparkfy.dw.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real PostgreSQL client (Debian's postgresql-client, which .ci/run installs), run as a user would run it: the
 * command the serve goal prints, plus arguments.
 */
public final class Psql {

    /** What one run of psql printed, and how it ended. */
    public record Result(int exitCode, String out, String err) {
    }

    private Psql() {
    }

    /**
     * Runs {@code command} (as printed: {@code [NAME=value ...] psql -h ...}) followed by {@code args}, with no
     * password file, service file or {@code PG*} variable of the machine's in the way.
     */
    public static Result run(String command, String... args) throws IOException, InterruptedException {
        List<String> words = new ArrayList<>(List.of(command.strip().split("\\s+")));
        ProcessBuilder builder = new ProcessBuilder();
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("PG"));
        env.put("PGPASSFILE", "/dev/null");
        env.put("PGCONNECT_TIMEOUT", "10");
        while (!words.isEmpty() && words.get(0).matches("[A-Z_]+=.*")) {
            String assignment = words.remove(0);
            int eq = assignment.indexOf('=');
            env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        if (words.isEmpty() || !words.get(0).equals("psql")) {
            fail("not a psql command: " + command);
        }
        words.set(0, executable());
        words.add("--no-psqlrc");
        words.addAll(List.of(args));
        Path err = Files.createTempFile("psql", ".err");
        try {
            Process process = builder.command(words).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(Waits.GUARD_SECONDS, TimeUnit.SECONDS), "psql did not end: " + words);
            return new Result(process.exitValue(), out.strip(), Files.readString(err).strip());
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** psql on the PATH; missing is a failure that says how to get it, never a skip. */
    static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "psql");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail("psql is not on the PATH: install Debian's postgresql-client (apt-get install postgresql-client;"
                + " .ci/run does) or any PostgreSQL client");
    }
}
