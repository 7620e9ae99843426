package io.sparkfy.dw.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.target.postgres.EmbeddedPostgresServer;
import java.io.File;
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

/** The goals as Maven configures them from a POM, run for real on the embedded warehouse. */
@MojoTest
@Basedir("/unit/etl")
class GoalsMojoTest {

    private static final String POM = "classpath:/unit/etl/pom.xml";

    @AfterAll
    static void stopServer() {
        EmbeddedPostgresServer.stop(Path.of(System.getProperty("basedir", "."), "target/harness/pgdata"));
    }

    @Test
    void createTablesEtlAndQueryFromPomConfiguration(
            @InjectMojo(goal = "create-tables", pom = POM) CreateTablesMojo createTables,
            @InjectMojo(goal = "etl", pom = POM) EtlMojo etl,
            @InjectMojo(goal = "query", pom = POM) QueryMojo query) throws Exception {
        CapturingLog log = new CapturingLog();
        for (AbstractSparkfyMojo mojo : List.of(createTables, etl, query)) {
            mojo.setLog(log);
            mojo.execute();
        }
        assertTrue(log.infos.contains("songplays | users"), log.infos.toString());
        assertTrue(log.infos.contains("6820      | 97"), log.infos.toString());
        assertTrue(log.infos.contains("(1 row)"), log.infos.toString());
        assertTrue(log.infos.stream().anyMatch(l -> l.startsWith("staging_events: 8,056 rows from 30 files")));
    }

    @Test
    void logJsonPathsDefaultsToTheFileInTheSqlArtifact(
            @InjectMojo(goal = "load-stg", pom = "<project/>")
            @MojoParameter(name = "songData", value = "s") @MojoParameter(name = "logData", value = "l") LoadStgMojo load) {
        assertEquals("classpath:sparkfy-dw/log_json_path.json", load.stagingSources().get(0).options().jsonPaths());
        assertEquals("auto", load.stagingSources().get(1).options().json().copyArgument());
        assertFalse(load.skip);
    }

    @Test
    void dropTablesWithoutConfirmationRefusesBeforeStartingAnything(
            @InjectMojo(goal = "drop-tables", pom = POM)
            @MojoParameter(name = "embeddedDirectory", value = "target/harness/never-started") DropTablesMojo drop) {
        MojoFailureException e = assertThrows(MojoFailureException.class, drop::execute);
        assertEquals("drop-tables deletes the whole warehouse: confirm with -Dsparkfy.confirm=drop", e.getMessage());
        assertFalse(Files.exists(drop.embeddedDirectory.toPath()), "no server was started");
    }

    @Test
    void skipDoesNothing(@InjectMojo(goal = "load-stg", pom = POM)
                         @MojoParameter(name = "skip", value = "true")
                         @MojoParameter(name = "songData", value = "/does/not/exist") LoadStgMojo load) throws Exception {
        CapturingLog log = new CapturingLog();
        load.setLog(log);
        load.execute();
        assertEquals(List.of("sparkfy.skip is set: skipping"), log.infos);
    }

    @Test
    void aMissingSourceIsOneClearFailure(@InjectMojo(goal = "load-stg", pom = POM)
                                         @MojoParameter(name = "songData", value = "/does/not/exist") LoadStgMojo load) {
        MojoFailureException e = assertThrows(MojoFailureException.class, load::execute);
        assertEquals("/does/not/exist: no such file or folder (" + new File("/does/not/exist").getAbsolutePath()
                + ")", e.getMessage());
        assertEquals(null, e.getCause(), "the cause is kept out of Maven's one-line reason");
        assertEquals(1, e.getSuppressed().length, "and kept for -e");
    }

    @Test
    void aJsonPathsFileUnderTheDataPrefixFailsTheSameOnBothTargetsBeforeAnythingConnects(
            @InjectMojo(goal = "load-stg", pom = "<project/>")
            @MojoParameter(name = "logData", value = "s3://udacity-dend/log_data")
            @MojoParameter(name = "logJsonPaths", value = "s3://udacity-dend/log_data/log_json_path.json")
            @MojoParameter(name = "songData", value = "s3://udacity-dend/song_data")
            @MojoParameter(name = "embeddedDirectory", value = "target/harness/never-started-jsonpaths")
            LoadStgMojo embedded,
            @InjectMojo(goal = "load-stg", pom = "<project/>")
            @MojoParameter(name = "logData", value = "s3://udacity-dend/log_data")
            @MojoParameter(name = "logJsonPaths", value = "s3://udacity-dend/log_data/log_json_path.json")
            @MojoParameter(name = "songData", value = "s3://udacity-dend/song_data")
            @MojoParameter(name = "url", value = "jdbc:redshift://127.0.0.1:1/dev") // nothing listens there
            LoadStgMojo redshift) {
        String expected = "staging_events: sparkfy.logJsonPaths (<events><json>)"
                + " s3://udacity-dend/log_data/log_json_path.json lies under sparkfy.logData (<events><location>)"
                + " s3://udacity-dend/log_data, so Redshift's COPY would read the JSONPaths file as a data file and"
                + " fail; move it out of that prefix (any key starting with it is data) and point"
                + " sparkfy.logJsonPaths (<events><json>) at its new place";
        assertEquals(expected, assertThrows(MojoFailureException.class, embedded::execute).getMessage());
        assertFalse(Files.exists(embedded.embeddedDirectory.toPath()), "no server was started");
        // The same message, not a connection error: the Redshift goal failed before it tried to connect.
        assertEquals(expected, assertThrows(MojoFailureException.class, redshift::execute).getMessage());
    }

    /** Keeps what a goal logs at INFO. */
    static final class CapturingLog extends SystemStreamLog {
        final List<String> infos = new ArrayList<>();

        @Override
        public void info(CharSequence content) {
            infos.add(content.toString());
        }
    }
}
