package io.sparkfy.dw.check;

import io.sparkfy.dw.LoadException;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.settings.PropertyNames;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The checks a run takes: those sparkfy-dw-sql ships ({@code sparkfy-dw/checks/index.txt}, in its order; a file of
 * the same name in the dialect's own {@code checks/} folder wins for that dialect), then the project's own (every
 * {@code *.sql} directly in its checks folder, by file name), narrowed to a selection.
 */
public final class CheckCatalog {

    public static final String FOLDER = SqlResources.ROOT + "checks/";
    public static final String INDEX = FOLDER + "index.txt";

    private CheckCatalog() {
    }

    /** The shipped checks for {@code dialect}, in the index's order; none when this sparkfy-dw-sql ships none. */
    public static List<DataCheck> shipped(SqlResources sql, Dialect dialect) {
        if (!sql.has(INDEX)) {
            return List.of();
        }
        List<DataCheck> checks = new ArrayList<>();
        String[] lines = sql.text(INDEX).split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String file = lines[i].strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            if (!file.matches("[a-z0-9_]+\\.sql")) {
                throw new LoadException(INDEX, i + 1, 1, "'" + file + "' is not <name>.sql (lower-case letters,"
                        + " digits and _)");
            }
            String own = SqlResources.ROOT + dialect.folder() + "/checks/" + file;
            String path = sql.has(own) ? own : FOLDER + file;
            checks.add(CheckFile.parse(file.substring(0, file.length() - 4), path, true, sql.text(path)));
        }
        return checks;
    }

    /** The project's checks: every {@code *.sql} directly in {@code folder}, by name; none when it does not exist. */
    public static List<DataCheck> project(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return List.of();
        }
        if (!Files.isDirectory(folder)) {
            throw new SparkfyException(PropertyNames.CHECKS_DIRECTORY + ": " + folder + " is not a folder");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".sql") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            throw new SparkfyException("cannot list the checks in " + folder + ": " + e.getMessage(), e);
        }
        List<DataCheck> checks = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            checks.add(CheckFile.parse(name.substring(0, name.length() - 4), file.toString(), false, read(file)));
        }
        return checks;
    }

    /**
     * The shipped checks, then the project's, narrowed to {@code selected} (empty: all). A project check named
     * like a shipped one, and a selected name that is no check, are refused.
     */
    public static List<DataCheck> all(List<DataCheck> shipped, List<DataCheck> project, Set<String> selected) {
        Map<String, DataCheck> byName = new LinkedHashMap<>();
        shipped.forEach(check -> byName.put(check.name(), check));
        for (DataCheck check : project) {
            DataCheck same = byName.putIfAbsent(check.name(), check);
            if (same != null) {
                throw new SparkfyException(check.origin() + ": a check called " + check.name() + " already ships"
                        + " with sparkfy-dw-sql (" + same.origin() + "): give the file another name");
            }
        }
        if (selected.isEmpty()) {
            return List.copyOf(byName.values());
        }
        Set<String> unknown = new TreeSet<>(selected);
        unknown.removeAll(byName.keySet());
        if (!unknown.isEmpty()) {
            throw new SparkfyException(PropertyNames.CHECKS + " names no check " + String.join(", ", unknown)
                    + " (the checks are: " + String.join(", ", byName.keySet()) + ")");
        }
        return byName.values().stream().filter(check -> selected.contains(check.name())).toList();
    }

    private static String read(Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new LoadException(file.toString(), 0, 0, "is not UTF-8 text");
        } catch (IOException e) {
            throw new SparkfyException("cannot read the check " + file + ": " + e.getMessage(), e);
        }
    }
}
