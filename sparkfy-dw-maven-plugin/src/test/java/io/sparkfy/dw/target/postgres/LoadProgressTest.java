package io.sparkfy.dw.target.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.LoadLedger;
import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.source.Sources;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single large file shows progress while it loads, in bytes of its size. The clock is the test's: each reading
 * moves it a second on, so a line is due every five readings whatever the machine's speed.
 */
class LoadProgressTest {

    private static final String EVENT = "{\"artist\":\"A\",\"auth\":\"Logged In\",\"firstName\":\"Walter\","
            + "\"gender\":\"M\",\"itemInSession\":%d,\"lastName\":\"Frye\",\"length\":246.30812,\"level\":\"free\","
            + "\"location\":\"San Francisco-Oakland-Hayward, CA\",\"method\":\"PUT\",\"page\":\"NextSong\","
            + "\"registration\":1540919166796.0,\"sessionId\":38,\"song\":\"S\",\"status\":200,"
            + "\"ts\":1541105830796,\"userAgent\":\"\\\"Mozilla\\/5.0 (Windows NT 6.1; WOW64)\\\"\",\"userId\":\"39\"}";
    private static final Pattern IN_FILE = Pattern.compile("INFO staging_events: (.*big\\.json): ([\\d.,]+) MB of"
            + " ([\\d.,]+) MB \\((\\d+) %\\), ([\\d.]+) MB/s");

    @TempDir
    Path temp;

    @Test
    void aLargeFileShowsHowFarIntoItTheLoadIs() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("events"));
        Path big = folder.resolve("big.json");
        int events = 80_000; // some 30 MB: more than the 8 MB a file is read ahead in memory, so it streams
        try (BufferedWriter out = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            for (int i = 0; i < events; i++) {
                out.write(String.format(EVENT, i));
                out.write('\n');
            }
        }
        long size = Files.size(big);
        RecordingLog log = new RecordingLog();
        AtomicLong clock = new AtomicLong();
        List<LoadStats> stats;
        try (EmbeddedWarehouse dw = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog())) {
            new Pipeline(dw.warehouse, new SqlResources(), new RecordingLog()).createTables(false);
            try (Connection connection = dw.warehouse.connect()) {
                stats = new PostgresCopyEmulation(Sources.local(), () -> clock.addAndGet(1_000_000_000L)).load(
                        connection, List.of(new StagingSource("staging_events", folder.toString(),
                                CopyOptions.jsonPaths("classpath:" + SqlResources.LOG_JSON_PATHS,
                                        TimeFormat.EPOCHMILLISECS))), LoadLedger.none(), log);
                connection.rollback();
            }
        }
        assertEquals(events, stats.get(0).rows());

        List<Integer> percents = new ArrayList<>();
        for (String line : log.lines) {
            Matcher m = IN_FILE.matcher(line);
            if (m.matches()) {
                assertEquals("big.json", m.group(1), line); // the name within its location
                assertEquals(String.format("%,d", Math.round(size / 1e6)), m.group(3), line);
                percents.add(Integer.parseInt(m.group(4)));
                assertTrue(Double.parseDouble(m.group(5)) > 0, line);
            }
        }
        assertTrue(percents.size() >= 2, "no progress inside the file: " + log.text());
        for (int i = 1; i < percents.size(); i++) {
            assertTrue(percents.get(i) >= percents.get(i - 1), "progress went back: " + percents);
        }
        assertTrue(percents.get(percents.size() - 1) <= 100, percents.toString());
        assertTrue(percents.get(0) < percents.get(percents.size() - 1), percents.toString());
    }
}
