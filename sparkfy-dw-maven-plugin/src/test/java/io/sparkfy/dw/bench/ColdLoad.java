package io.sparkfy.dw.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * load-stg as a user runs it: {@code mvn sparkfy-dw:load-stg} in a project of its own, a new JVM each time (the JIT
 * cold, the embedded server started by the goal), against the same floor as the warm figure. Maven's own start-up is
 * measured by the same command with {@code -Dsparkfy.skip=true} (Maven, the project, the plugin's class realm, no
 * work) and subtracted. The build's log lines carry timestamps, so the goal's own load (from the server being ready
 * to "load-stg done") is told from the embedded server's start and stop.
 */
final class ColdLoad {

    private static final int ROUNDS = 3;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final Pattern STAMP = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ");

    /** Where Maven is, which plugin to run, and where it and its dependencies are installed. */
    record Settings(Path mavenHome, String plugin, Path repository, String repositoryTail) {
    }

    /** One build: wall seconds, and the goal's load from its log (server ready to "load-stg done"). */
    private record Build(double wall, double load, double serverStart, List<String> lines) {
    }

    private ColdLoad() {
    }

    static String run(Settings settings, Path work, Path data, double floor, double warmRatio) throws Exception {
        Path project = work.resolve("cold-project");
        Files.createDirectories(project);
        String[] gav = settings.plugin().split(":");
        Files.writeString(project.resolve("pom.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>io.sparkfy.bench</groupId>
                  <artifactId>cold-load</artifactId>
                  <version>1.0</version>
                  <packaging>pom</packaging>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>%s</groupId>
                        <artifactId>%s</artifactId>
                        <version>%s</version>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(gav[0], gav[1], gav[2]));
        List<String> common = List.of("-Dsparkfy.embeddedDirectory=" + work.resolve("pgdata-cold").toAbsolutePath(),
                "-Dsparkfy.songData=" + data.resolve("song_data").toAbsolutePath(),
                "-Dsparkfy.logData=" + data.resolve("log_data").toAbsolutePath());
        build(settings, project, "create-tables", common, List.of("-Dsparkfy.recreate=true"));
        // A first load warms the page cache, as the warm figure's warm-up loads do.
        build(settings, project, "load-stg", common, List.of("-Dsparkfy.reload=all"));
        Build noop = null;
        Build load = null;
        for (int round = 0; round < ROUNDS; round++) {
            Build skipped = build(settings, project, "load-stg", common, List.of("-Dsparkfy.skip=true"));
            noop = noop == null || skipped.wall() < noop.wall() ? skipped : noop;
            Build loaded = build(settings, project, "load-stg", common, List.of("-Dsparkfy.reload=all"));
            load = load == null || loaded.wall() < load.wall() ? loaded : load;
        }
        double net = load.wall() - noop.wall();
        StringBuilder out = new StringBuilder("### load-stg as a user runs it (a new JVM each time)\n\n");
        out.append(String.format(Locale.ROOT, "`mvn sparkfy-dw:load-stg -Dsparkfy.reload=all` in a project of its own,"
                + " best of %d, against the same floor (bare COPY, %.2f s):%n%n"
                + "| | seconds | / floor-load |%n|---|---:|---:|%n"
                + "| the build, wall | %.2f | |%n"
                + "| Maven's own start-up (the same build with -Dsparkfy.skip=true) | %.2f | |%n"
                + "| the build less Maven's start-up (starting and stopping the embedded server included) | %.2f | %.2f |%n"
                + "| the embedded server's start | %.2f | |%n"
                + "| the goal's load, cold (server ready to \"load-stg done\") | %.2f | %.2f |%n"
                + "| the same load, warm (this JVM, above) | | %.2f |%n",
                ROUNDS, floor, load.wall(), noop.wall(), net, net / floor, load.serverStart(), load.load(),
                load.load() / floor, warmRatio));
        out.append("\nThe cold load's log:\n\n```\n");
        // the benchmark's folder as a path relative to the module, not to this machine's root
        String folder = work.toAbsolutePath().toString();
        String relative = Path.of("").toAbsolutePath().relativize(work.toAbsolutePath()).toString();
        load.lines().stream().filter(l -> l.contains("staging_") || l.contains("load-stg done"))
                .forEach(l -> out.append(l.replace(folder, relative).replaceAll("\\s+$", "")).append('\n'));
        out.append("```\n");
        return out.toString();
    }

    private static Build build(Settings settings, Path project, String goal, List<String> common, List<String> extra)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(settings.mavenHome().resolve("bin/mvn").toString(), "-B", "-nsu",
                "-f", project.resolve("pom.xml").toString(),
                "-Dmaven.repo.local=" + settings.repository().toAbsolutePath(),
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"));
        if (!settings.repositoryTail().isBlank()) {
            command.add("-Dmaven.repo.local.tail=" + settings.repositoryTail());
        }
        command.addAll(common);
        command.addAll(extra);
        command.add("sparkfy-dw:" + goal);
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        builder.environment().remove("MAVEN_OPTS"); // as a user runs it: Maven's own JVM defaults
        builder.environment().remove("MAVEN_ARGS");
        long started = System.nanoTime();
        Process process = builder.start();
        List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
        int exit = process.waitFor();
        double wall = (System.nanoTime() - started) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("mvn sparkfy-dw:" + goal + " failed (" + exit + "):\n"
                    + String.join("\n", lines));
        }
        LocalTime starting = stamp(lines, "Starting the embedded PostgreSQL");
        LocalTime ready = stamp(lines, "Embedded PostgreSQL ready");
        LocalTime done = stamp(lines, "load-stg done");
        double load = ready == null || done == null ? Double.NaN : seconds(ready, done);
        double server = starting == null || ready == null ? Double.NaN : seconds(starting, ready);
        System.out.printf(Locale.ROOT, "mvn sparkfy-dw:%s %s: %.2f s wall, load %.2f s%n", goal, extra, wall, load);
        return new Build(wall, load, server, lines);
    }

    private static LocalTime stamp(List<String> lines, String text) {
        for (String line : lines) {
            if (line.contains(text)) {
                Matcher m = STAMP.matcher(line);
                if (m.find()) {
                    return LocalTime.parse(m.group(1), CLOCK);
                }
            }
        }
        return null;
    }

    private static double seconds(LocalTime from, LocalTime to) {
        return java.time.Duration.between(from, to).toMillis() / 1e3;
    }
}
