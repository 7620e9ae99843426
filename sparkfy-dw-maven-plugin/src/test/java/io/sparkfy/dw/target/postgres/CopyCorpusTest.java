package io.sparkfy.dw.target.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.JsonFormat;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.source.Compression;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus (src/test/resources/corpus, one folder per case with its expected outcome): each case is
 * loaded on the embedded warehouse and must give its rows, its recorded rejections, or its error, and a failed load
 * must leave the table exactly as it was.
 */
class CopyCorpusTest {

    private static final String DDL = "CREATE TABLE corpus_t (id INTEGER NOT NULL, name VARCHAR(8),"
            + " amount NUMERIC(6,2), small SMALLINT, ts TIMESTAMP, day DATE)";

    static Path temp;
    static EmbeddedWarehouse dw;
    static Pipeline pipeline;

    @BeforeAll
    static void start() throws IOException {
        temp = Files.createTempDirectory("corpus");
        dw = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog());
        pipeline = new Pipeline(dw.warehouse, new SqlResources(), new RecordingLog());
        pipeline.createTables(false); // a load needs the schema deployed, even into a table of its own
    }

    @AfterAll
    static void stop() {
        dw.close();
    }

    static Stream<String> cases() throws IOException, URISyntaxException {
        Path corpus = Path.of(CopyCorpusTest.class.getResource("/corpus").toURI());
        try (Stream<Path> folders = Files.list(corpus)) {
            List<String> names = folders.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
                    .collect(Collectors.toList());
            assertTrue(names.size() >= 40, "the corpus is incomplete: " + names);
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCaseHasItsExpectedOutcome(String name) throws Throwable {
        Path caseDir = copyOf(name);
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(caseDir.resolve("case.properties"), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        if ("oversize".equals(p.getProperty("generate"))) {
            Files.createDirectories(caseDir.resolve("data"));
            Files.writeString(caseDir.resolve("data/a.json"), "{\"id\": 1}\n{\"id\": 2, \"blob\": \""
                    + "x".repeat(5 << 20) + "\"}\n");
        }
        dw.execute("DROP TABLE IF EXISTS corpus_t");
        dw.execute("DROP TABLE IF EXISTS " + LoadErrors.TABLE);
        dw.execute(DDL);
        dw.execute("INSERT INTO corpus_t (id, name) VALUES (0, 'before')"); // must survive any failure

        // Options are parsed inside the goal's run, as the mojo does: a bad option is the goal's error too.
        Executable load = () -> pipeline.loadStaging(List.of(new StagingSource("corpus_t",
                caseDir.resolve(p.getProperty("source", "data")).toString(), options(p, caseDir))));
        String expect = p.getProperty("expect");
        if ("error".equals(expect)) {
            SparkfyException e = assertThrows(SparkfyException.class, load);
            int from = 0;
            for (int i = 1; p.containsKey(i == 1 ? "error" : "error." + i); i++) {
                String part = p.getProperty(i == 1 ? "error" : "error." + i);
                int at = e.getMessage().indexOf(part, from);
                assertTrue(at >= 0, name + ": expected '" + part + "' in: " + e.getMessage());
                from = at + part.length();
            }
            assertEquals("before", dw.string("SELECT string_agg(name, ',') FROM corpus_t"), name + ": half-written");
            assertEquals(0, errorsRecorded(), name + ": rejections recorded by a failed load");
        } else {
            assertEquals("loaded", expect, name + ": expect is loaded or error");
            load.execute();
            assertEquals(Long.parseLong(p.getProperty("rows")), dw.count("corpus_t"), name + ": rows");
            assertEquals(Long.parseLong(p.getProperty("rejected", "0")), errorsRecorded(), name + ": rejected");
        }
        if (p.containsKey("check")) {
            assertEquals(p.getProperty("value"), dw.string(p.getProperty("check")), name + ": " + p.getProperty("check"));
        }
    }

    private static long errorsRecorded() {
        return dw.longValue("SELECT CASE WHEN to_regclass('" + LoadErrors.TABLE + "') IS NULL THEN 0 ELSE"
                + " (xpath('/row/c/text()', query_to_xml('SELECT count(*) AS c FROM " + LoadErrors.TABLE
                + "', false, true, '')))[1]::text::bigint END");
    }

    private static CopyOptions options(Properties p, Path caseDir) {
        String json = p.getProperty("json", "auto");
        JsonFormat format = json.startsWith("auto") ? JsonFormat.parse(json)
                : JsonFormat.parse(caseDir.resolve(json).toString());
        return CopyOptions.builder().json(format).timeFormat(TimeFormat.time(p.getProperty("timeFormat", "auto")))
                .dateFormat(TimeFormat.date(p.getProperty("dateFormat")))
                .maxError(Integer.parseInt(p.getProperty("maxError", "0")))
                .compression(Compression.parse(p.getProperty("compression")))
                .blanksAsNull(flag(p, "blanksAsNull")).emptyAsNull(flag(p, "emptyAsNull"))
                .truncateColumns(flag(p, "truncateColumns")).acceptInvChars(p.getProperty("acceptInvChars"))
                .manifest(flag(p, "manifest")).build();
    }

    private static boolean flag(Properties p, String key) {
        return Boolean.parseBoolean(p.getProperty(key, "false"));
    }

    /** A private copy of the case, with @CASE@ in manifests replaced by its folder. */
    private static Path copyOf(String name) throws IOException, URISyntaxException {
        Path from = Path.of(CopyCorpusTest.class.getResource("/corpus/" + name).toURI());
        Path to = temp.resolve("cases").resolve(name);
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(file -> {
                try {
                    Path target = to.resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else if (file.getFileName().toString().equals("manifest.json")) {
                        Files.writeString(target, Files.readString(file).replace("@CASE@", to.toString()));
                    } else {
                        Files.copy(file, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return to;
    }
}
