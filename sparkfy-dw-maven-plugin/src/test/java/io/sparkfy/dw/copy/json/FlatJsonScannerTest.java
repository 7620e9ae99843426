package io.sparkfy.dw.copy.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.sparkfy.dw.LoadException;
import io.sparkfy.dw.source.Sources;
import io.sparkfy.dw.testing.SampleData;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The byte scanner against the general parser it stands in for: for every input, both readers must give the same
 * records (kinds, text, lines, columns, byte offsets) and the same error at the same place, whether the file
 * arrives whole, as a stream, or a few bytes per read into a tiny buffer (so records are cut everywhere). The
 * inputs: the public sample, the COPY corpus, hand-written edge cases, and thousands of mutations of real records.
 */
class FlatJsonScannerTest {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Column names covering the sample's songs and events and the cases below. */
    private static final List<String> NAMES = List.of("artist", "auth", "firstname", "gender", "iteminsession",
            "lastname", "length", "level", "location", "method", "page", "registration", "sessionid", "song",
            "status", "ts", "useragent", "userid", "num_songs", "artist_id", "artist_latitude", "artist_longitude",
            "artist_location", "artist_name", "song_id", "title", "duration", "year", "a", "b", "c", "d");

    private enum Mode { WHOLE, STREAM, TRICKLE }

    private static PathTree auto(boolean ignoreCase) {
        return PathTree.auto(NAMES, ignoreCase);
    }

    private static PathTree logPaths() {
        return PathTree.of(JsonPaths.read(Sources.local().single("classpath:sparkfy-dw/log_json_path.json", null),
                FACTORY));
    }

    /** Everything a reader gives for a file, as text: each record's place and values, then the end or the error. */
    private static String trace(byte[] file, Supplier<PathTree> trees, boolean scan, Mode mode, long seed)
            throws Exception {
        return trace(file, trees, scan, mode, seed, -1);
    }

    /** With {@code failAt} >= 0, the stream fails after that many bytes (a file cut short, say). */
    private static String trace(byte[] file, Supplier<PathTree> trees, boolean scan, Mode mode, long seed,
                                long failAt) throws Exception {
        PathTree tree = trees.get();
        int columns = Math.max(NAMES.size(), 18);
        StringBuilder out = new StringBuilder();
        // A trickle also starts the scanner on a 16-byte buffer: records are cut, and refilled, at every place.
        RecordReader reader = scan && FlatJsonScanner.handles(tree)
                ? new ScanningRecordReader(FACTORY, tree, columns, mode == Mode.TRICKLE ? 16 : FlatJsonScanner.BUFFER)
                : new JacksonRecordReader(FACTORY, tree, new JsonRecord(columns));
        // As the loader reads: through the window of recent bytes a rejected record's raw line comes from.
        RawTail raw = new RawTail();
        // The sink pauses the reader after every other record, as a full chunk does: reading on must resume there.
        int[] handed = {0};
        RecordSink sink = record -> {
            out.append(record.line()).append(':').append(record.column()).append(" [")
                    .append(record.start()).append(',').append(record.end()).append(") raw=\u0001")
                    .append(reader.rawText(raw, 40)).append('\u0001');
            for (int i = 0; i < record.size(); i++) {
                if (record.kind(i) != ValueKind.MISSING) {
                    out.append(" ").append(i).append('=').append(record.kind(i)).append('"')
                            .append(record.value(i)).append("\"@").append(record.valueLine(i)).append(':')
                            .append(record.valueColumn(i));
                }
            }
            out.append('\n');
            return handed[0]++ % 2 == 0;
        };
        try (reader) {
            switch (mode) {
                case WHOLE: raw.of(file, file.length); reader.open(file, file.length, "f.json"); break;
                case STREAM: reader.open(raw.of(failing(new ByteArrayInputStream(file), failAt)), "f.json"); break;
                default: reader.open(raw.of(failing(new Trickle(file, seed), failAt)), "f.json"); break;
            }
            while (reader.read(sink)) {
                out.append("pause\n");
            }
            out.append("end\n");
        } catch (LoadException e) {
            out.append("error ").append(e.line()).append(':').append(e.column()).append(' ').append(e.getMessage());
        }
        return out.toString();
    }

    /** Each way of reading against the parser's (a file held whole shows every raw line, a stream a window). */
    private static void assertSame(String what, byte[] file, Supplier<PathTree> trees, long seed) throws Exception {
        String whole = trace(file, trees, false, Mode.WHOLE, seed);
        String stream = trace(file, trees, false, Mode.STREAM, seed);
        for (Mode mode : Mode.values()) {
            assertSameTrace(mode == Mode.WHOLE ? whole : stream, trace(file, trees, true, mode, seed),
                    what + " (" + mode + ")");
        }
    }

    /**
     * Equal, except that a raw line the parser's window had lost may be there: the scanner shows a record's raw
     * line from its own buffer, whatever it read ahead.
     */
    private static void assertSameTrace(String reference, String actual, String what) {
        String[] expected = reference.split("\n", -1);
        String[] got = actual.split("\n", -1);
        if (expected.length == got.length) {
            for (int i = 0; i < got.length; i++) {
                if (expected[i].contains("raw=\u0001null\u0001")) {
                    got[i] = got[i].replaceFirst("raw=\u0001[^\u0001]*\u0001", "raw=\u0001null\u0001");
                }
            }
            actual = String.join("\n", got);
        }
        assertEquals(reference, actual, what);
    }

    private static void assertSame(String what, String file) throws Exception {
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        assertSame(what, bytes, () -> auto(false), 1);
        assertSame(what + ", auto ignorecase", bytes, () -> auto(true), 2);
        assertSame(what + ", JSONPaths", bytes, FlatJsonScannerTest::logPaths, 3);
    }

    private static InputStream failing(InputStream in, long failAt) {
        if (failAt < 0) {
            return in;
        }
        return new java.io.FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws java.io.IOException {
                if (read >= failAt) {
                    throw new java.io.IOException("the disk went away");
                }
                int b = super.read();
                read += b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
                if (read >= failAt) {
                    throw new java.io.IOException("the disk went away");
                }
                int n = super.read(buffer, offset, (int) Math.min(length, failAt - read));
                read += Math.max(n, 0);
                return n;
            }
        };
    }

    /** Hands out 1 to 7 bytes per read (the scanner fills its buffer with as many reads as it takes). */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final Random random;
        private int at;

        Trickle(byte[] bytes, long seed) {
            this.bytes = bytes;
            this.random = new Random(seed);
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (at == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, 1 + random.nextInt(7)), bytes.length - at);
            System.arraycopy(bytes, at, buffer, offset, n);
            at += n;
            return n;
        }
    }

    @Test
    void theScannerTakesFlatPathsOnly() {
        assertTrue(FlatJsonScanner.handles(auto(false)));
        assertTrue(FlatJsonScanner.handles(logPaths()));
        PathTree nested = PathTree.of(new JsonPaths("p.json", List.of(new JsonPaths.Path("$.a.b", List.of("a", "b")))));
        assertFalse(FlatJsonScanner.handles(nested));
        PathTree indexed = PathTree.of(new JsonPaths("p.json", List.of(new JsonPaths.Path("$[0]", List.of(0)))));
        assertFalse(FlatJsonScanner.handles(indexed));
    }

    @Test
    void thePublicSampleReadsAlike() throws Exception {
        Path sample = SampleData.udacitySmall();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sample)) {
            files = walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() > 100, "the sample's song and log files");
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            assertSame(file.toString(), bytes, () -> auto(false), 7);
            assertSame(file + ", JSONPaths", bytes, FlatJsonScannerTest::logPaths, 8);
        }
    }

    @Test
    void theCopyCorpusReadsAlike() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("src/test/resources/corpus"))) {
            files = walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() > 40);
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            assertSame(file.toString(), bytes, () -> auto(false), 11);
            assertSame(file + ", ignorecase", bytes, () -> auto(true), 12);
        }
    }

    @Test
    void edgeCasesReadAlike() throws Exception {
        String[] cases = {
            "", "   \n\n  ", "{}", "{}{}", "{} {}\n{}", "{\"a\":1}", "{\"a\":1}{\"a\":2}", "{ \"a\" : 1 , \"b\" : 2 }",
            "{\"a\":1,\"b\":\"x\",\"c\":true,\"d\":null}\n{\"d\":false,\"c\":\"y\",\"b\":2.5,\"a\":-0}",
            "{\"a\":1}\r\n{\"a\":2}\r{\"a\":3}\n\r\n{\"a\":4}", "{\"a\":\r\n1}", "{\n  \"a\": 1,\n  \"b\": [1, 2]\n}",
            "{\"a\":{\"x\":1},\"b\":2}", "{\"a\":[1,{\"y\":2}],\"b\":3}", "{\"zz\":{\"x\":[1,2,{}]},\"a\":1}",
            "[1,2]", "1", "\"x\"", "null", "{\"a\":1}x", "{\"a\":1} x", "{\"a\":1}\n]", "{\"a\":1,}", "{,}",
            "{\"a\" 1}", "{\"a\":}", "{\"a\":1", "{\"a\":\"abc", "{\"a", "{", "{\"a\":1}\n{\"b\":",
            "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e5}", "{\"a\":1E+5,\"b\":-1.5e-3}",
            "{\"a\":1e}", "{\"a\":+1}", "{\"a\":0x1F}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-0.0}",
            "{\"a\":12345678901234567890123456789}", "{\"a\":tru}", "{\"a\":truex}", "{\"a\":nullx}",
            "{\"a\":true}", "{\"a\":false }", "{\"a\":null\n}", "{\"a\":\"\"}", "{\"a\":\"  \"}",
            "{\"a\":\"\\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\"}", "{\"a\":\"\\u00e9\\u0000\\uD83D\\uDE00\\uDE00x\"}",
            "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"new\nline\"}",
            "{\"a\":\"Motörhead ☃ 😀 é\"}", "{\"a\":\"x\\\"y\",\"b\":\"Motörhead\"}", "{\"\\u0061\":1}",
            "{\"a\\\"b\":1,\"a\":2}", "{\"é\":1,\"a\":2}", "{\"a\":1,\"a\":2}", "{\"A\":1,\"Artist\":\"x\"}",
            "{\"a\":1,\"b\":2}\n{\"b\":3,\"a\":4}\n{\"a\":5}\n{\"c\":6,\"a\":7,\"b\":8}",
            "\uFEFF{\"a\":1}", "{\"a\":1}\n\uFEFF{\"a\":2}", "/* c */{\"a\":1}", "{\"a\":1}// c", "# c\n{\"a\":1}",
            "{'a':1}", "{a:1}", "{\"a\":1}\u0000", "{\"a\":1}\u000b", "\t{\"a\":1}\t",
            "{}-", "{\"a\":1}\n-", "{} 1e", "{\"a\":\"x\"} 1.5e+", "{\"a\":1}{", "{\"a\":1}\n{\"a\":",
            "{\"a\":1} {\"b\"", "{\"a\":1}\n\n  x", "{\"a\":1}\n  {\"a\":[1]}", "{\"a\":1} {\"a\":{}}",
            "{\"" + "k".repeat(60_000) + "\":1,\"a\":2}", "{\"a\":1}\n{\"" + "k".repeat(50_001) + "\":1}",
            "{\"" + "k".repeat(50_000) + "\":1,\"a\":2}",
        };
        for (String file : cases) {
            assertSame(file, file);
        }
    }

    @Test
    void invalidUtf8ReadsAlike() throws Exception {
        byte[][] strings = {
            {(byte) 0xC3}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xF5, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x98},
            {(byte) 0xC3, (byte) 0xA9}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80},
        };
        for (byte[] bad : strings) {
            for (String escape : new String[] {"", "\\n"}) {
                byte[] head = ("{\"a\":1}\n{\"b\":\"x" + escape).getBytes(StandardCharsets.UTF_8);
                byte[] tail = "y\",\"a\":2}\n".getBytes(StandardCharsets.UTF_8);
                byte[] file = new byte[head.length + bad.length + tail.length];
                System.arraycopy(head, 0, file, 0, head.length);
                System.arraycopy(bad, 0, file, head.length, bad.length);
                System.arraycopy(tail, 0, file, head.length + bad.length, tail.length);
                assertSame("bytes " + java.util.HexFormat.of().formatHex(bad), file, () -> auto(false), 5);
            }
        }
    }

    @Test
    void aStreamThatFailsFailsAtTheSameRecord() throws Exception {
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            file.append("{\"a\":").append(i).append(",\"b\":\"").append("x".repeat(i % 97)).append("\"}\n");
        }
        byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);
        // Not within bytes 1 to 3: the parser reads four bytes to tell the encoding as it opens, and fails there
        // naming no place, where the scanner names the record it was reading (line 1, column 1).
        for (long failAt : new long[] {0, 7, 100, 8_000, 65_536, 65_537, 100_000, bytes.length - 3}) {
            String reference = trace(bytes, () -> auto(false), false, Mode.STREAM, 1, failAt);
            assertTrue(reference.contains("the disk went away"), reference);
            assertSameTrace(reference, trace(bytes, () -> auto(false), true, Mode.STREAM, 1, failAt), "at " + failAt);
        }
    }

    @Test
    void rawLinesAfterAHugeRecordAreShown() throws Exception {
        // A record over 1 MB makes the scanner read far ahead; the records after it still show their raw lines.
        StringBuilder file = new StringBuilder("{\"a\":\"" + "x".repeat(1_100_000) + "\"}\n");
        for (int i = 0; i < 50_000; i++) {
            file.append("{\"a\":").append(i).append("}\n");
        }
        byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);
        String scanned = trace(bytes, () -> auto(false), true, Mode.STREAM, 1);
        assertTrue(scanned.contains("raw=\u0001{\"a\":0}\u0001") && scanned.contains("raw=\u0001{\"a\":49999}\u0001"),
                "raw lines after the huge record");
        assertSameTrace(trace(bytes, () -> auto(false), false, Mode.STREAM, 1), scanned, "a huge record, then small");
    }

    @Test
    void longRecordsCrossTheBuffer() throws Exception {
        StringBuilder file = new StringBuilder();
        for (int size : new int[] {10, 70_000, 5, 200_000, 3, 5_000_000}) {
            file.append("{\"a\":\"").append("x".repeat(size)).append("\",\"b\":").append(size).append("}\n");
        }
        assertSame("records of 10 bytes to 5 MB", file.toString().getBytes(StandardCharsets.UTF_8),
                () -> auto(false), 9);
    }

    @Test
    void mutatedRecordsReadAlike() throws Exception {
        Path sample = SampleData.udacitySmall();
        List<String> records = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(sample.resolve("log_data"))) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().limit(2).toList()) {
                List<String> lines = Files.readAllLines(file);
                records.addAll(lines.subList(0, Math.min(40, lines.size())));
            }
        }
        try (Stream<Path> walk = Files.walk(sample.resolve("song_data"))) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().limit(20).toList()) {
                records.add(Files.readString(file).strip());
            }
        }
        String alphabet = "{}[]\":,\\/ \n\r\t0123456789.-+eEtrufalsn\u00e9\u2603x";
        Random random = new Random(20261128);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder file = new StringBuilder();
            int count = 1 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                file.append(records.get(random.nextInt(records.size()))).append(random.nextBoolean() ? "\n" : " ");
            }
            byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations && bytes.length > 0; m++) {
                int at = random.nextInt(bytes.length);
                byte[] insert = String.valueOf(alphabet.charAt(random.nextInt(alphabet.length())))
                        .getBytes(StandardCharsets.UTF_8);
                switch (random.nextInt(4)) {
                    case 0: bytes = splice(bytes, at, 1, new byte[0]); break; // delete a byte
                    case 1: bytes = splice(bytes, at, 1, insert); break; // replace it
                    case 2: bytes = splice(bytes, at, 0, insert); break; // insert
                    default: bytes[at] = (byte) random.nextInt(256); break; // any byte at all
                }
            }
            long seed = round;
            assertSame("mutation " + round + ": " + new String(bytes, StandardCharsets.UTF_8), bytes,
                    () -> auto(false), seed);
            assertSame("mutation " + round + ", JSONPaths", bytes, FlatJsonScannerTest::logPaths, seed);
        }
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        byte[] out = new byte[bytes.length - remove + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at + remove, out, at + insert.length, bytes.length - at - remove);
        return out;
    }
}
