package io.sparkfy.dw.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.SampleData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The check goal's engine on the embedded warehouse loaded from the public sample: a clean load passes every
 * check; each kind of violation, seeded and then undone, fails exactly its check, with its row count and first
 * rows, in the log, the results, the JUnit XML and the build's outcome.
 */
class CheckTest {

    /** The morning after the sample's last day (its newest play is 2018-11-30 19:54:24.796 UTC). */
    static final Clock MORNING_AFTER = Clock.fixed(Instant.parse("2018-12-01T06:00:00Z"), ZoneOffset.UTC);
    /** When the ledger says the sample was loaded: as a daily run that morning would have. */
    static final String LOADED_AT = "2018-12-01 05:30:00";
    static final String KNOWN_PLAY = "start_time = '2018-11-21 21:56:47.796' AND user_id = 15 AND session_id = 818";
    static final int SHIPPED = 22;

    @TempDir
    static Path temp;
    static EmbeddedWarehouse dw;
    static Pipeline pipeline;
    static RecordingLog log = new RecordingLog();
    static int runs;

    @BeforeAll
    static void load() {
        dw = new EmbeddedWarehouse(temp.resolve("pgdata"), log);
        pipeline = new Pipeline(dw.warehouse, new SqlResources(), log);
        pipeline.createTables(true);
        Path sample = SampleData.udacitySmall();
        pipeline.loadStaging(List.of(
                new StagingSource("staging_events", sample.resolve("log_data").toString(), CopyOptions.jsonPaths(
                        "classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS)),
                new StagingSource("staging_songs", sample.resolve("song_data").toString(), CopyOptions.auto())));
        pipeline.insertDw();
        dw.execute("UPDATE sparkfy_dw_loaded_files SET loaded_at = '" + LOADED_AT + "'");
    }

    @AfterAll
    static void stop() {
        dw.close();
    }

    /** What one run of the checks gave: the build's outcome (with failOnError), the XML, the results, the log. */
    record Outcome(SparkfyException failure, CheckReport report, Document xml, LastChecks last, String log,
                   Path folder) {

        CheckResult result(String name) {
            return report.results().stream().filter(r -> r.check().name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no result for " + name));
        }

        Element testcase(String name) {
            NodeList cases = xml.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testcase = (Element) cases.item(i);
                if (testcase.getAttribute("name").equals(name)) {
                    return testcase;
                }
            }
            throw new AssertionError("no testcase " + name);
        }
    }

    /** Runs the checks twice: failing the build on errors, then not, to see the outcome and the report alike. */
    static Outcome check(Consumer<CheckSettings.Builder> configure) throws Exception {
        Path folder = temp.resolve("reports-" + ++runs);
        RecordingLog out = new RecordingLog();
        CheckSettings.Builder strict = CheckSettings.builder().clock(MORNING_AFTER).reportsDirectory(folder);
        configure.accept(strict);
        SparkfyException failure = null;
        try {
            new Pipeline(dw.warehouse, new SqlResources(), out).check(strict.build());
        } catch (SparkfyException e) {
            failure = e;
        }
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(folder.resolve(JUnitXml.FILE).toFile());
        LastChecks last = CheckResultsFile.read(folder);
        CheckSettings.Builder lenient = CheckSettings.builder().clock(MORNING_AFTER).failOnError(false);
        configure.accept(lenient);
        CheckReport report = new Pipeline(dw.warehouse, new SqlResources(), new RecordingLog()).check(
                lenient.failOnError(false).build());
        return new Outcome(failure, report, xml, last, out.text(), folder);
    }

    static Outcome check() throws Exception {
        return check(settings -> { });
    }

    /** Every check but those named passed, in the XML and the report alike. */
    static void othersPassed(Outcome outcome, String... failing) {
        List<String> named = List.of(failing);
        for (CheckResult result : outcome.report().results()) {
            if (!named.contains(result.check().name())) {
                assertEquals(CheckStatus.PASSED, result.status(), result.check().name() + ": " + result.message());
                assertEquals(0, outcome.testcase(result.check().name()).getChildNodes().getLength(),
                        result.check().name() + " is a bare passed testcase");
            }
        }
    }

    static List<List<String>> rows(CheckResult result) {
        return result.sample().rows();
    }

    @Test
    void aCleanLoadPassesEveryCheck() throws Exception {
        Outcome clean = check();
        assertNull(clean.failure(), () -> clean.log());
        assertEquals(SHIPPED, clean.report().results().size());
        othersPassed(clean);
        Element suite = clean.xml().getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("sparkfy-dw.checks", suite.getAttribute("name"));
        assertEquals(String.valueOf(SHIPPED), suite.getAttribute("tests"));
        assertEquals("0", suite.getAttribute("failures"));
        assertEquals("0", suite.getAttribute("errors"));
        assertEquals("2018-12-01T06:00:00", suite.getAttribute("timestamp"));
        assertEquals("sparkfy-dw.checks.shipped", clean.testcase("songplays_key_unique").getAttribute("classname"));
        assertTrue(clean.log().contains("INFO check songplays_key_unique ........... passed ("), clean.log());
        assertTrue(clean.log().contains("INFO check: 22 checks: 22 passed, 0 warned, 0 FAILED, 0 errors in "),
                clean.log());
        assertEquals("22 checks: 22 passed, 0 warned, 0 FAILED, 0 errors", clean.last().counts());
        assertEquals("2018-12-01T06:00:00Z", clean.last().generated());
        assertEquals(new LastChecks.Row("songplays_fresh", "passed", 0, "freshness: plays",
                "the newest play (songplays.start_time, UTC) is recent"), clean.last().rows().get(20));
        assertEquals("newest 2018-11-30 19:54:24.796 is 10h 5m old; warn after 36h, error after 3d",
                clean.report().results().get(20).detail());
        assertEquals(0, dw.longValue("SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction'"),
                "the read-only transaction ended");
    }

    @Test
    void aDuplicateKeyFailsTheUniqueCheck() throws Exception {
        // PostgreSQL enforces the key (Redshift does not): drop it, as a Redshift warehouse never had it.
        dw.execute("ALTER TABLE songplays DROP CONSTRAINT songplays_event_key");
        dw.execute("INSERT INTO songplays (start_time, user_id, level, song_id, artist_id, session_id, location,"
                + " user_agent) SELECT start_time, user_id, level, song_id, artist_id, session_id, location, user_agent"
                + " FROM songplays WHERE " + KNOWN_PLAY);
        try {
            Outcome duplicate = check();
            CheckResult unique = duplicate.result("songplays_key_unique");
            assertEquals(CheckStatus.FAILED, unique.status());
            assertEquals(1, unique.failingRows());
            assertEquals(List.of("start_time", "user_id", "session_id", "row_count"), unique.sample().columns());
            assertEquals(List.of(List.of("2018-11-21 21:56:47.796", "15", "818", "2")), rows(unique));
            othersPassed(duplicate, "songplays_key_unique");
            assertEquals("check: 1 of 22 checks failed: songplays_key_unique (1 failing row); see "
                    + duplicate.folder().resolve(JUnitXml.FILE), duplicate.failure().getMessage());
            assertTrue(duplicate.log().contains("ERROR check songplays_key_unique ........... FAILED, 1 failing row:"
                    + " songplays has one row per event: (start_time, user_id, session_id) is unique ("), duplicate.log());
            assertTrue(duplicate.log().contains("ERROR     start_time              | user_id | session_id | row_count\n"
                    + "ERROR     ------------------------+---------+------------+----------\n"
                    + "ERROR     2018-11-21 21:56:47.796 | 15      | 818        | 2\n"), duplicate.log());
            Element failure = (Element) duplicate.testcase("songplays_key_unique").getElementsByTagName("failure").item(0);
            assertEquals("1 failing row: songplays has one row per event: (start_time, user_id, session_id) is unique",
                    failure.getAttribute("message"));
            assertEquals("sparkfy-dw.check.error", failure.getAttribute("type"));
            assertTrue(failure.getTextContent().contains("2018-11-21 21:56:47.796 | 15      | 818        | 2\n"
                    + "check: sparkfy-dw/checks/songplays_key_unique.sql (error)"), failure.getTextContent());
            assertEquals("1", duplicate.xml().getDocumentElement().getAttribute("failures"));
        } finally {
            dw.execute("DELETE FROM songplays WHERE " + KNOWN_PLAY + " AND songplay_id = (SELECT MAX(songplay_id)"
                    + " FROM songplays)");
            dw.execute("ALTER TABLE songplays ADD CONSTRAINT songplays_event_key UNIQUE (start_time, user_id,"
                    + " session_id)");
        }
    }

    @Test
    void anOrphanPlayFailsItsRelationship() throws Exception {
        dw.execute("INSERT INTO songplays (start_time, user_id, level, session_id) VALUES"
                + " ('2018-11-21 21:56:47.796', 999999, 'free', 1)");
        try {
            Outcome orphan = check();
            CheckResult users = orphan.result("songplays_user_in_users");
            assertEquals(CheckStatus.FAILED, users.status());
            assertEquals(1, users.failingRows());
            String id = dw.string("SELECT songplay_id FROM songplays WHERE user_id = 999999");
            assertEquals(List.of(List.of(id, "2018-11-21 21:56:47.796", "999999", "1")), rows(users));
            othersPassed(orphan, "songplays_user_in_users");
            assertTrue(orphan.failure().getMessage().startsWith(
                    "check: 1 of 22 checks failed: songplays_user_in_users (1 failing row)"), orphan.failure().getMessage());
        } finally {
            dw.execute("DELETE FROM songplays WHERE user_id = 999999");
        }
    }

    @Test
    void anUnknownLevelFailsTheAcceptedValues() throws Exception {
        dw.execute("UPDATE songplays SET level = 'premium' WHERE " + KNOWN_PLAY);
        try {
            Outcome premium = check();
            CheckResult level = premium.result("songplays_level_accepted");
            assertEquals(CheckStatus.FAILED, level.status());
            assertEquals(1, level.failingRows());
            assertEquals(List.of("2018-11-21 21:56:47.796", "15", "premium"), rows(level).get(0).subList(1, 4));
            othersPassed(premium, "songplays_level_accepted");
        } finally {
            dw.execute("UPDATE songplays SET level = 'paid' WHERE " + KNOWN_PLAY);
        }
    }

    @Test
    void aStaleLoadWarnsThenFails() throws Exception {
        try {
            // 42 hours before the clock: past the warn age (36h), not the error age (72h). A warning passes.
            dw.execute("UPDATE sparkfy_dw_loaded_files SET loaded_at = '2018-11-29 12:00:00'");
            Outcome late = check();
            assertNull(late.failure(), "warnings never fail the build");
            CheckResult warned = late.result("loaded_files_fresh");
            assertEquals(CheckStatus.WARNED, warned.status());
            assertEquals(List.of("newest_load", "age", "ages"), warned.sample().columns());
            assertEquals(List.of(List.of("2018-11-29 12:00:00", "1d 18h", "warn after 36h, error after 3d")),
                    rows(warned));
            othersPassed(late, "loaded_files_fresh");
            Element testcase = late.testcase("loaded_files_fresh");
            assertEquals(0, testcase.getElementsByTagName("failure").getLength(), "a warning is a passed testcase");
            assertTrue(testcase.getElementsByTagName("system-out").item(0).getTextContent().startsWith(
                    "WARNED, 1 failing row: the newest file loaded into staging (sparkfy_dw_loaded_files.loaded_at,"
                            + " UTC) is recent (newest 2018-11-29 12:00:00 is 1d 18h old; warn after 36h, error after"
                            + " 3d)"), testcase.getTextContent());
            assertEquals("0", late.xml().getDocumentElement().getAttribute("failures"));
            assertTrue(late.log().contains("WARN check loaded_files_fresh ............. warned, 1 failing row: "),
                    late.log());
            assertTrue(late.log().contains("INFO check: 22 checks: 21 passed, 1 warned, 0 FAILED, 0 errors in "),
                    late.log());

            // Eleven days: an error.
            dw.execute("UPDATE sparkfy_dw_loaded_files SET loaded_at = '2018-11-20 06:00:00'");
            Outcome stale = check();
            assertEquals(CheckStatus.FAILED, stale.result("loaded_files_fresh").status());
            assertEquals("11d", rows(stale.result("loaded_files_fresh")).get(0).get(1));
            assertTrue(stale.failure().getMessage().startsWith(
                    "check: 1 of 22 checks failed: loaded_files_fresh (1 failing row)"), stale.failure().getMessage());
            assertEquals("sparkfy-dw.check.freshness.loads", ((Element) stale.testcase("loaded_files_fresh")
                    .getElementsByTagName("failure").item(0)).getAttribute("type"));
            othersPassed(stale, "loaded_files_fresh");

            // The ages are settings: off switches a level off.
            Outcome off = check(settings -> settings.freshness("loads", new Freshness(null, null)));
            assertNull(off.failure());
            othersPassed(off);
        } finally {
            dw.execute("UPDATE sparkfy_dw_loaded_files SET loaded_at = '" + LOADED_AT + "'");
        }
    }

    @Test
    void aUserWithTwoCurrentRowsFailsTheHistoryCheck() throws Exception {
        // User 15 went free -> paid -> free -> ...: three periods; the first one is made current as well.
        dw.execute("UPDATE users_history SET is_current = TRUE WHERE user_id = 15"
                + " AND valid_from = '2018-11-02 09:01:21.796'");
        try {
            Outcome two = check();
            CheckResult current = two.result("users_history_one_current_row");
            assertEquals(CheckStatus.FAILED, current.status());
            assertEquals(List.of(List.of("15", "2")), rows(current));
            othersPassed(two, "users_history_one_current_row");
        } finally {
            dw.execute("UPDATE users_history SET is_current = FALSE WHERE user_id = 15"
                    + " AND valid_from = '2018-11-02 09:01:21.796'");
        }
    }

    @Test
    void overlappingPeriodsFailTheHistoryCheck() throws Exception {
        dw.execute("UPDATE users_history SET valid_to = '2018-11-21 11:10:00' WHERE user_id = 15"
                + " AND valid_from = '2018-11-02 09:01:21.796'");
        try {
            Outcome overlap = check();
            CheckResult periods = overlap.result("users_history_no_overlap");
            assertEquals(CheckStatus.FAILED, periods.status());
            assertEquals(List.of(List.of("15", "2018-11-02 09:01:21.796", "2018-11-21 11:10:00",
                    "2018-11-21 11:08:57.796")), rows(periods));
            othersPassed(overlap, "users_history_no_overlap");
        } finally {
            dw.execute("UPDATE users_history SET valid_to = '2018-11-21 11:08:57.796' WHERE user_id = 15"
                    + " AND valid_from = '2018-11-02 09:01:21.796'");
        }
    }

    @Test
    void aPlayOfTheBatchMissingFromTheStarFailsTheReconciliation() throws Exception {
        dw.execute("ALTER TABLE songplays DROP CONSTRAINT songplays_event_key"); // the copy below keeps it unique anyway
        dw.execute("CREATE TABLE held_play AS SELECT * FROM songplays WHERE " + KNOWN_PLAY);
        dw.execute("DELETE FROM songplays WHERE " + KNOWN_PLAY);
        try {
            Outcome missing = check();
            CheckResult reconciliation = missing.result("staging_plays_in_songplays");
            assertEquals(CheckStatus.FAILED, reconciliation.status());
            assertEquals(List.of(List.of("2018-11-21 21:56:47.796", "15", "818")), rows(reconciliation));
            othersPassed(missing, "staging_plays_in_songplays");
        } finally {
            dw.execute("INSERT INTO songplays SELECT * FROM held_play");
            dw.execute("DROP TABLE held_play");
            dw.execute("ALTER TABLE songplays ADD CONSTRAINT songplays_event_key UNIQUE (start_time, user_id,"
                    + " session_id)");
        }
    }

    @Test
    void theProjectsOwnChecksRunAfterTheShippedOnesAndAFailingOneFailsTheBuild(@TempDir Path project)
            throws Exception {
        Files.writeString(project.resolve("heavy_listeners.sql"), """
                -- severity: error
                -- description: nobody plays more than 650 songs a month
                SELECT user_id, COUNT(*) AS plays
                FROM songplays
                GROUP BY user_id
                HAVING COUNT(*) > 650
                ORDER BY user_id
                """);
        Files.writeString(project.resolve("busy_listeners.sql"), """
                -- severity: warn
                -- description: few play more than 300 songs a month
                SELECT user_id, COUNT(*) AS plays FROM songplays GROUP BY user_id HAVING COUNT(*) > 300 ORDER BY 1;
                """);
        Files.writeString(project.resolve("notes.txt"), "not a check");
        Outcome own = check(settings -> settings.checksDirectory(project));
        assertEquals(SHIPPED + 2, own.report().results().size());
        assertEquals(List.of("busy_listeners", "heavy_listeners"), own.report().results().subList(SHIPPED, SHIPPED + 2)
                .stream().map(r -> r.check().name()).toList(), "after the shipped ones, by file name");
        CheckResult heavy = own.result("heavy_listeners");
        assertEquals(CheckStatus.FAILED, heavy.status());
        assertEquals(List.of(List.of("49", "689"), List.of("80", "665")), rows(heavy));
        CheckResult busy = own.result("busy_listeners");
        assertEquals(CheckStatus.WARNED, busy.status());
        assertEquals(7, busy.failingRows());
        assertEquals(List.of(List.of("15", "463"), List.of("24", "321"), List.of("29", "346"), List.of("44", "397"),
                List.of("49", "689")), rows(busy), "the first five");
        assertTrue(own.testcase("busy_listeners").getTextContent().contains("49      | 689\n(first 5 of 7 failing"
                + " rows)\n"), own.testcase("busy_listeners").getTextContent());
        othersPassed(own, "heavy_listeners", "busy_listeners");
        assertEquals("check: 1 of 24 checks failed: heavy_listeners (2 failing rows); see "
                + own.folder().resolve(JUnitXml.FILE), own.failure().getMessage());
        assertEquals("sparkfy-dw.checks.project", own.testcase("heavy_listeners").getAttribute("classname"));
        assertEquals("2 failing rows: nobody plays more than 650 songs a month", ((Element) own.testcase(
                "heavy_listeners").getElementsByTagName("failure").item(0)).getAttribute("message"));
        assertTrue(own.log().contains("INFO check: 24 checks (22 of sparkfy-dw-sql "), own.log());
        assertTrue(own.log().contains(", 2 of the project in " + project + ") on the embedded PostgreSQL"), own.log());

        // failOnError=false: the same findings, and the build goes on.
        RecordingLog lenient = new RecordingLog();
        CheckReport report = new Pipeline(dw.warehouse, new SqlResources(), lenient).check(CheckSettings.builder()
                .clock(MORNING_AFTER).checksDirectory(project).failOnError(false).build());
        assertEquals(1, report.count(CheckStatus.FAILED));
        assertTrue(lenient.text().contains("WARN check: 1 of 24 checks failed: heavy_listeners (2 failing rows);"
                + " the build goes on: sparkfy.failOnError is false"), lenient.text());
    }

    @Test
    void aSelectionRunsOnlyTheNamedChecks(@TempDir Path project) throws Exception {
        Files.writeString(project.resolve("heavy_listeners.sql"), "-- severity: error\n-- description: x\n"
                + "SELECT user_id FROM songplays GROUP BY user_id HAVING COUNT(*) > 650");
        Outcome two = check(settings -> settings.checksDirectory(project)
                .select(List.of("users_key_unique", " heavy_listeners", "")));
        assertEquals(List.of("users_key_unique", "heavy_listeners"), two.report().results().stream()
                .map(r -> r.check().name()).toList());
        assertEquals("2", two.xml().getDocumentElement().getAttribute("tests"));

        SparkfyException unknown = assertThrows(SparkfyException.class, () -> pipeline.check(CheckSettings.builder()
                .select(List.of("users_key_unique", "user_key_unique")).build()));
        assertTrue(unknown.getMessage().startsWith("sparkfy.checks names no check user_key_unique (the checks are:"
                + " songplays_key_unique, users_key_unique, "), unknown.getMessage());
    }

    @Test
    void aCheckWhoseQueryFailsIsAnErrorAndTheOthersStillRun(@TempDir Path project) throws Exception {
        Files.writeString(project.resolve("a_missing_table.sql"), "-- severity: warn\n-- description: x\n"
                + "SELECT * FROM no_such_table");
        Files.writeString(project.resolve("b_after_it.sql"), "-- severity: error\n-- description: y\n"
                + "SELECT user_id FROM users WHERE user_id < 0");
        Outcome broken = check(settings -> settings.checksDirectory(project));
        CheckResult missing = broken.result("a_missing_table");
        assertEquals(CheckStatus.ERROR, missing.status(), "even a warn check: it could not say");
        assertTrue(missing.detail().contains("relation \"no_such_table\" does not exist"), missing.detail());
        assertTrue(missing.detail().endsWith("(" + project.resolve("a_missing_table.sql") + ")"), missing.detail());
        othersPassed(broken, "a_missing_table");
        assertEquals(CheckStatus.PASSED, broken.result("b_after_it").status(), "a new read-only transaction");
        Element error = (Element) broken.testcase("a_missing_table").getElementsByTagName("error").item(0);
        assertTrue(error.getAttribute("message").startsWith("the query failed: ERROR: relation \"no_such_table\""),
                error.getAttribute("message"));
        assertEquals("1", broken.xml().getDocumentElement().getAttribute("errors"));
        assertTrue(broken.failure().getMessage().startsWith("check: 1 of 24 checks failed: a_missing_table (its"
                + " query failed)"), broken.failure().getMessage());
    }

    @Test
    void aCheckCannotChangeTheWarehouse(@TempDir Path project) throws Exception {
        Files.writeString(project.resolve("sneaky.sql"), "-- severity: warn\n-- description: deletes\n"
                + "WITH gone AS (DELETE FROM songplays RETURNING songplay_id) SELECT * FROM gone");
        Map<String, Long> before = dw.counts();
        Outcome sneaky = check(settings -> settings.checksDirectory(project).select(List.of("sneaky")));
        CheckResult result = sneaky.result("sneaky");
        assertEquals(CheckStatus.ERROR, result.status());
        // PostgreSQL names the statement (SELECT) that holds the data-modifying WITH
        assertTrue(result.detail().contains("ERROR: cannot execute SELECT in a read-only transaction"),
                result.detail());
        assertEquals(before, dw.counts());
    }

    @Test
    void aBadHeaderFailsNamingFileLineAndColumnBeforeAnythingRuns(@TempDir Path project) throws IOException {
        Path file = project.resolve("typo.sql");
        Files.writeString(file, "-- severity: error\n-- descripton: x\nSELECT 1");
        Path folder = temp.resolve("bad-header");
        SparkfyException bad = assertThrows(SparkfyException.class, () -> pipeline.check(CheckSettings.builder()
                .checksDirectory(project).reportsDirectory(folder).build()));
        assertEquals(file + ", line 2, column 4: unknown header key 'descripton' (known: severity, description,"
                + " freshness)", bad.getMessage());
        assertTrue(Files.notExists(folder), "nothing ran, nothing was written");

        Files.writeString(file, "-- severity: error\n-- description: x\nSELECT 1");
        Files.writeString(project.resolve("songs_key_unique.sql"), "-- severity: warn\n-- description: x\nSELECT 1");
        assertEquals(project.resolve("songs_key_unique.sql") + ": a check called songs_key_unique already ships with"
                + " sparkfy-dw-sql (sparkfy-dw/checks/songs_key_unique.sql): give the file another name",
                assertThrows(SparkfyException.class, () -> pipeline.check(CheckSettings.builder()
                        .checksDirectory(project).build())).getMessage());
    }

    @Test
    void aDryRunPrintsEveryQueryInAReadOnlyTransactionAndConnectsToNothing() {
        RecordingLog dry = new RecordingLog();
        Path folder = temp.resolve("dry-reports");
        CheckReport report = Pipeline.builder(dry).dryRun(true).open(WarehouseSettings.embedded(temp.resolve("none")))
                .check(CheckSettings.builder().reportsDirectory(folder).build());
        assertTrue(report.dryRun());
        List<String> lines = new ArrayList<>(dry.lines);
        assertTrue(lines.get(0).startsWith("INFO [dry run] check on "), lines.get(0));
        assertEquals("INFO BEGIN READ ONLY;", lines.get(1));
        assertEquals("INFO -- songplays_key_unique (error): songplays has one row per event: (start_time, user_id,"
                + " session_id) is unique", lines.get(2));
        assertEquals("INFO SELECT start_time, user_id, session_id, COUNT(*) AS row_count", lines.get(3));
        assertEquals("INFO ROLLBACK;", lines.get(lines.size() - 1));
        assertTrue(dry.text().contains("INFO -- loaded_files_fresh (freshness: loads): the newest file loaded into"
                + " staging"), dry.text());
        assertTrue(Files.notExists(folder));
        assertTrue(Files.notExists(temp.resolve("none")), "no server was started");
    }

    @Test
    void theResultsFileHoldsEveryCheckForTheReport() throws Exception {
        dw.execute("UPDATE songplays SET level = 'premium' WHERE " + KNOWN_PLAY);
        try {
            Outcome premium = check();
            Map<String, String> statuses = new LinkedHashMap<>();
            premium.last().rows().forEach(row -> statuses.put(row.name(), row.status()));
            assertEquals(SHIPPED, statuses.size());
            assertEquals("failed", statuses.get("songplays_level_accepted"));
            assertEquals(new LastChecks.Row("songplays_level_accepted", "failed", 1, "error",
                    "every play's level is free or paid"), premium.last().rows().get(14));
            assertTrue(premium.last().warehouse().startsWith("the embedded PostgreSQL"), premium.last().warehouse());
        } finally {
            dw.execute("UPDATE songplays SET level = 'paid' WHERE " + KNOWN_PLAY);
        }
    }

    @Test
    void theReportShowsTheLastCheckResults() throws Exception {
        Path none = temp.resolve("no-checks-yet");
        String empty = Files.readString(pipeline.report(temp.resolve("report-before"), none));
        assertTrue(empty.contains("<section class=\"card wide\" id=\"last_checks\">\n<h2>Checks (last run)</h2>\n"
                + "<p class=\"what\">No check results in " + none + ": the check goal has not run in this build"
                + " folder.</p>"), empty);

        dw.execute("UPDATE songplays SET level = 'premium' WHERE " + KNOWN_PLAY);
        Outcome premium;
        try {
            premium = check();
        } finally {
            dw.execute("UPDATE songplays SET level = 'paid' WHERE " + KNOWN_PLAY);
        }
        String html = Files.readString(pipeline.report(temp.resolve("report-after"), premium.folder()));
        assertTrue(html.contains("<p class=\"what\">The last run of the check goal, 2018-12-01T06:00:00Z on the"
                + " embedded PostgreSQL"), html);
        assertTrue(html.contains(": 22 checks: 21 passed, 0 warned, 1 FAILED, 0 errors.</p>"), html);
        assertTrue(html.contains("<tr><td class=\"num\">15</td><td>songplays_level_accepted</td><td>FAILED</td>"
                + "<td class=\"num\">1</td><td>error</td><td>every play&#39;s level is free or paid</td></tr>"), html);
        assertTrue(html.contains("<td>songplays_key_unique</td><td>passed</td><td class=\"num\">0</td>"), html);
        assertTrue(html.contains("<footer>12 queries (sparkfy-dw/report/*.sql"), "the results file is no query");
    }
}
