package io.sparkfy.dw.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Debian's {@code sqlfluff} (a third-party SQL grammar, 1.4.5 here) as a judge of SQL text: every {@code .sql} file
 * of a folder is parsed in one run, and the files with a section the grammar cannot parse are named.
 */
public final class Sqlfluff {

    public static final Path EXECUTABLE = Path.of("/usr/bin/sqlfluff");

    private Sqlfluff() {
    }

    /**
     * The files of {@code folder} that {@code sqlfluff parse --dialect <dialect>} cannot parse whole (a section
     * parsed as "unparsable", or no parse tree at all). Its standard error goes to {@code <folder>.log}.
     */
    public static Set<Path> unparsable(Path folder, String dialect) throws IOException, InterruptedException {
        if (!Files.isExecutable(EXECUTABLE)) {
            fail(EXECUTABLE + " is missing: this test checks the Redshift SQL with sqlfluff's Redshift grammar;"
                    + " install the Debian package sqlfluff (apt-get update && apt-get install -y sqlfluff)");
        }
        Path out = folder.resolveSibling(folder.getFileName() + ".json");
        Path log = folder.resolveSibling(folder.getFileName() + ".log");
        Process process = new ProcessBuilder(EXECUTABLE.toString(), "parse", "--dialect", dialect, "--nocolor",
                "--format", "json", folder.toString())
                .redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        int exit = process.waitFor();
        Map<Path, Boolean> parsed = parsedFiles(Files.readString(out, StandardCharsets.UTF_8));
        List<Path> expected = new ArrayList<>();
        try (var files = Files.list(folder)) {
            files.filter(f -> f.toString().endsWith(".sql")).sorted().forEach(expected::add);
        }
        if (parsed.isEmpty() && !expected.isEmpty()) {
            fail("sqlfluff gave no parse result (exit " + exit + "): see " + log);
        }
        Set<Path> bad = new TreeSet<>();
        for (Path file : expected) {
            Boolean whole = parsed.get(file.toAbsolutePath().normalize());
            if (whole == null || !whole) {
                bad.add(file);
            }
        }
        return bad;
    }

    /** Each file of sqlfluff's JSON output, and whether its tree is free of "unparsable" sections. */
    private static Map<Path, Boolean> parsedFiles(String json) throws IOException {
        Map<Path, Boolean> files = new LinkedHashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return files;
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                String path = null;
                boolean tree = false;
                boolean whole = true;
                int depth = 1;
                while (depth > 0) {
                    JsonToken token = parser.nextToken();
                    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                        depth++;
                    } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                        depth--;
                    } else if (token == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        if (depth == 1 && name.equals("filepath")) {
                            parser.nextToken();
                            path = parser.getText();
                        } else if (depth == 1 && name.equals("segments")) {
                            tree = parser.nextToken() == JsonToken.START_OBJECT;
                            if (tree) {
                                depth++;
                            }
                        } else if (name.equals("unparsable")) {
                            whole = false;
                        }
                    }
                }
                if (path != null) {
                    files.put(Path.of(path).toAbsolutePath().normalize(), tree && whole);
                }
            }
        }
        return files;
    }
}
