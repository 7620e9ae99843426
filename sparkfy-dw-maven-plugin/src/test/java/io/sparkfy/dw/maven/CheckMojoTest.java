package io.sparkfy.dw.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.target.postgres.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The check goal as Maven configures it, after create-tables and etl ran for real on the public sample: the
 * project's failing error check fails the build (MojoFailureException, one line), failOnError=false lets it go
 * on, a selection runs only what it names, and bad ages fail before anything starts.
 */
@MojoTest
@Basedir("/unit/check")
class CheckMojoTest {

    private static final String POM = "classpath:/unit/check/pom.xml";
    private static final Path BUILD = Path.of(System.getProperty("basedir", "."), "target");
    private static final Path XML = BUILD.resolve("harness/check-reports/TEST-sparkfy-dw.checks.xml");

    @AfterAll
    static void stopServer() {
        EmbeddedPostgresServer.stop(BUILD.resolve("harness/check-pgdata"));
    }

    /** Every line the goal logs, with its level. */
    static final class Lines extends SystemStreamLog {
        final List<String> lines = new ArrayList<>();

        @Override
        public void info(CharSequence content) {
            lines.add("[INFO] " + content);
        }

        @Override
        public void warn(CharSequence content) {
            lines.add("[WARNING] " + content);
        }

        @Override
        public void error(CharSequence content) {
            lines.add("[ERROR] " + content);
        }

        String text() {
            return String.join("\n", lines);
        }
    }

    @Test
    void errorsFailTheBuildWarningsDoNot(
            @InjectMojo(goal = "create-tables", pom = POM) CreateTablesMojo createTables,
            @InjectMojo(goal = "etl", pom = POM) EtlMojo etl,
            @InjectMojo(goal = "check", pom = POM) CheckMojo check,
            @InjectMojo(goal = "check", pom = POM) @MojoParameter(name = "failOnError", value = "false")
            CheckMojo lenient,
            @InjectMojo(goal = "check", pom = POM) @MojoParameter(name = "checks",
                    value = "users_key_unique,busy_listeners,loaded_files_fresh") CheckMojo some) throws Exception {
        for (AbstractSparkfyMojo mojo : List.of(createTables, etl)) {
            mojo.setLog(new Lines());
            mojo.execute();
        }

        Lines log = new Lines();
        check.setLog(log);
        MojoFailureException failed = assertThrows(MojoFailureException.class, check::execute);
        assertEquals("check: 1 of 24 checks failed: heavy_listeners (2 failing rows); see " + XML,
                failed.getMessage());
        assertTrue(log.text().contains("[ERROR] check heavy_listeners ................ FAILED, 2 failing rows: nobody"
                + " plays more than 650 songs a month ("), log.text());
        assertTrue(log.text().contains("[ERROR]     user_id | plays\n[ERROR]     --------+------\n"
                + "[ERROR]     49      | 689\n[ERROR]     80      | 665"), log.text());
        assertTrue(log.text().contains("[WARNING] check busy_listeners ................. warned, 3 failing rows: few"
                + " play more than 550 songs a month ("), log.text());
        assertTrue(log.text().contains("[INFO] check songplays_fresh ................ passed ("), "ages off: fresh");
        assertTrue(log.text().contains("[INFO] check: 24 checks: 22 passed, 1 warned, 1 FAILED, 0 errors in "),
                log.text());
        String xml = Files.readString(XML);
        assertTrue(xml.contains("tests=\"24\" errors=\"0\" skipped=\"0\" failures=\"1\""), xml);
        assertTrue(xml.contains("<testcase name=\"heavy_listeners\" classname=\"sparkfy-dw.checks.project\""), xml);

        Lines goesOn = new Lines();
        lenient.setLog(goesOn);
        lenient.execute();
        assertTrue(goesOn.text().contains("[WARNING] check: 1 of 24 checks failed: heavy_listeners (2 failing rows);"
                + " see " + XML + "; the build goes on: sparkfy.failOnError is false"), goesOn.text());

        Lines selected = new Lines();
        some.setLog(selected);
        some.execute();
        assertTrue(selected.text().contains("[INFO] check: 3 checks: 2 passed, 1 warned, 0 FAILED, 0 errors in "),
                selected.text());
        assertTrue(Files.readString(XML).contains("tests=\"3\""));
    }

    @Test
    void badAgesFailBeforeAnythingStarts(
            @InjectMojo(goal = "check", pom = POM) @MojoParameter(name = "loadsWarnAfter", value = "soon")
            CheckMojo soon,
            @InjectMojo(goal = "check", pom = POM) @MojoParameter(name = "loadsWarnAfter", value = "3d")
            @MojoParameter(name = "loadsErrorAfter", value = "PT24H") CheckMojo inverted) {
        assertEquals("sparkfy.loadsWarnAfter: an age is whole minutes, hours or days such as 90m, 36h or 2d (or an"
                + " ISO-8601 duration such as PT36H, or off), not 'soon'",
                assertThrows(MojoFailureException.class, soon::execute).getMessage());
        assertEquals("sparkfy.loadsWarnAfter and sparkfy.loadsErrorAfter: the warn age (3d) is longer than the error"
                + " age (1d)", assertThrows(MojoFailureException.class, inverted::execute).getMessage());
    }
}
