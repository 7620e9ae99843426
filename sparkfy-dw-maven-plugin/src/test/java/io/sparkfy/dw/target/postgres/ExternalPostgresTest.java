package io.sparkfy.dw.target.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.Warehouses;
import io.sparkfy.dw.target.redshift.RedshiftWarehouse;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jdbc:postgresql: URL is an external PostgreSQL: here a server started for the test, with a user that must
 * give a password (the embedded default trusts local connections).
 */
class ExternalPostgresTest {

    private static final String SECRET = "Corr3ct-Horse-Battery";

    @TempDir
    static Path temp;
    static EmbeddedWarehouse server;
    static String baseUrl;

    @BeforeAll
    static void startServerWithAPasswordUser() throws Exception {
        server = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog());
        server.execute("CREATE ROLE analyst LOGIN PASSWORD '" + SECRET + "'");
        server.execute("CREATE DATABASE sparkfy OWNER analyst");
        Path hba = temp.resolve("pgdata/pg_hba.conf");
        Files.writeString(hba, "host all analyst 127.0.0.1/32 scram-sha-256\nhost all analyst ::1/128 scram-sha-256\n"
                + Files.readString(hba));
        server.execute("SELECT pg_reload_conf()");
        try (Connection connection = server.warehouse.connect()) {
            String url = connection.getMetaData().getURL();           // jdbc:postgresql://localhost:PORT/postgres
            baseUrl = url.substring(0, url.lastIndexOf('/') + 1);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theSameGoalsRunOnAnExternalServer() {
        WarehouseSettings settings = new WarehouseSettings(baseUrl + "sparkfy", "analyst", SECRET, null);
        RecordingLog log = new RecordingLog();
        try (Warehouse warehouse = Warehouses.open(settings, log)) {
            assertEquals("PostgreSQL at " + baseUrl + "sparkfy", warehouse.description());
            new Pipeline(warehouse, new SqlResources(), log).createTables(false);
        }
        assertEquals(1, server.count("pg_database WHERE datname = 'sparkfy'"));
        assertTrue(log.text().contains("songplays: created"), log.text());
        assertFalse(log.text().contains(SECRET));
    }

    @Test
    void aWrongPasswordIsAClearErrorWithoutThePassword() {
        String wrong = "Wr0ng-Pa55word";
        WarehouseSettings settings = new WarehouseSettings(baseUrl + "sparkfy", "analyst", wrong, null);
        SparkfyException e = assertThrows(SparkfyException.class, () -> {
            try (Warehouse warehouse = Warehouses.open(settings, new RecordingLog())) {
                new Pipeline(warehouse, new SqlResources(), new RecordingLog()).createTables(false);
            }
        });
        assertTrue(e.getMessage().startsWith("cannot connect to PostgreSQL at " + baseUrl + "sparkfy: "), e.getMessage());
        assertTrue(e.getMessage().contains("password authentication failed for user \"analyst\""), e.getMessage());
        assertFalse(e.getMessage().contains(wrong));
    }

    @Test
    void aPasswordInsideTheUrlIsMaskedInMessages() {
        String url = baseUrl + "no_such_db?user=analyst&password=" + SECRET;
        SparkfyException e = assertThrows(SparkfyException.class,
                () -> Warehouses.open(new WarehouseSettings(url, null, null, null), new RecordingLog()).connect());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(e.getMessage().contains("password=****"), e.getMessage());
    }

    @Test
    void otherUrlsAreRefusedWithTheReason() {
        SparkfyException e = assertThrows(SparkfyException.class, () -> Warehouses.open(
                new WarehouseSettings("jdbc:mysql://h/db", null, null, null), new RecordingLog()));
        assertTrue(e.getMessage().startsWith("unsupported JDBC URL jdbc:mysql://h/db: expected jdbc:redshift://"),
                e.getMessage());
        assertTrue(Warehouses.open(new WarehouseSettings("jdbc:redshift://cluster:5439/dev", null, null, null),
                new RecordingLog()) instanceof RedshiftWarehouse);
    }
}
