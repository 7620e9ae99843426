package io.sparkfy.dw.schema;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Deploys the schema the way Flyway migrates: the versioned scripts of sparkfy-dw-sql are applied in order, each
 * in its own transaction with its history row, once; an applied script whose text has changed is refused by its
 * checksum; loads refuse a warehouse whose version is not the pinned one.
 */
public final class Migrator {

    private final List<Migration> migrations;
    private final String artifactVersion;
    private final Log log;

    public Migrator(List<Migration> migrations, String artifactVersion, Log log) {
        this.migrations = migrations;
        this.artifactVersion = artifactVersion;
        this.log = log;
    }

    public int latest() {
        return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
    }

    /** Applies what is pending; returns how many were applied. */
    public int migrate(Supplier<Connection> connections, String installedBy) {
        List<AppliedMigration> applied;
        try (Connection connection = connections.get()) {
            boolean baseline = !SchemaHistory.exists(connection) && Catalog.exists(connection, "staging_events");
            SchemaHistory.create(connection);
            if (baseline) {
                // Tables from before schema history (create-tables of the first version): they are V1.
                SchemaHistory.record(connection, 1, migrations.get(0), installedBy, now(), 0,
                        AppliedMigration.BASELINE);
                log.info("schema history started: the existing tables are taken as version 1");
            }
            connection.commit();
            applied = SchemaHistory.applied(connection);
            connection.commit();
        } catch (SQLException e) {
            throw new SparkfyException("cannot read " + SchemaHistory.TABLE + ": " + e.getMessage(), e);
        }
        int current = validate(applied);
        int count = 0;
        for (Migration migration : migrations) {
            if (migration.version() <= current) {
                continue;
            }
            long started = System.nanoTime();
            try (Connection connection = connections.get()) {
                try (Statement statement = connection.createStatement()) {
                    for (SqlStatement sql : migration.statements()) {
                        statement.execute(sql.sql());
                    }
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    SchemaHistory.record(connection, applied.size() + count + 1, migration, installedBy, now(),
                            millis, migration.description());
                    connection.commit();
                } catch (SQLException e) {
                    connection.rollback();
                    throw new SparkfyException("migration " + migration.script() + " failed and was rolled back;"
                            + " the schema stays at version " + (migration.version() - 1) + ": " + e.getMessage(), e);
                }
            } catch (SQLException e) {
                throw new SparkfyException("migration " + migration.script() + ": " + e.getMessage(), e);
            }
            count++;
            log.info(String.format("migrated to version %d (%s) in %.2f s", migration.version(),
                    migration.description(), (System.nanoTime() - started) / 1e9));
        }
        log.info(count == 0 ? "schema is up to date at version " + latest() + " (sparkfy-dw-sql " + artifactVersion + ")"
                : "schema at version " + latest() + " (sparkfy-dw-sql " + artifactVersion + "), " + count
                + " migration" + (count == 1 ? "" : "s") + " applied");
        return count;
    }

    /** Fails unless the warehouse is at exactly the version this sparkfy-dw-sql pins. */
    public void check(Connection connection) {
        List<AppliedMigration> applied = applied(connection);
        if (applied.isEmpty()) {
            throw new SparkfyException("the warehouse has no sparkfy-dw schema (no " + SchemaHistory.TABLE
                    + "): deploy it with the create-tables goal first");
        }
        int current = validate(applied);
        if (current != latest()) {
            throw new SparkfyException("the warehouse's schema is at version " + current + " but sparkfy-dw-sql "
                    + artifactVersion + " pins version " + latest() + ": deploy it with the create-tables goal, or"
                    + " pin the sparkfy-dw-sql version the warehouse has as a dependency of the plugin");
        }
    }

    /** Like {@code flyway info}: every migration with its state, and the history. */
    public List<List<String>> info(Connection connection) {
        List<AppliedMigration> applied = applied(connection);
        List<List<String>> rows = new ArrayList<>();
        for (Migration migration : migrations) {
            AppliedMigration done = applied.stream().filter(a -> a.version() == migration.version()).findFirst()
                    .orElse(null);
            String state = done == null ? "Pending" : done.baseline() ? "Baseline"
                    : done.checksum() != migration.checksum() ? "Checksum mismatch" : "Success";
            rows.add(List.of(Integer.toString(migration.version()), migration.description(), migration.script(),
                    state, done == null ? "" : String.valueOf(done.installedOn()),
                    done == null ? "" : done.executionTimeMs() + " ms", done == null ? "" : nullToEmpty(done.installedBy())));
        }
        for (AppliedMigration done : applied) {
            if (done.version() > latest()) {
                rows.add(List.of(Integer.toString(done.version()), done.description(), done.script(), "Future",
                        String.valueOf(done.installedOn()), done.executionTimeMs() + " ms",
                        nullToEmpty(done.installedBy())));
            }
        }
        return rows;
    }

    /** The applied version, after checking the history agrees with the scripts. */
    private int validate(List<AppliedMigration> applied) {
        int current = 0;
        for (AppliedMigration done : applied) {
            if (!done.success()) {
                throw new SparkfyException(SchemaHistory.TABLE + " records a failed migration " + done.script()
                        + ": repair the warehouse by hand, then delete that row");
            }
            if (done.version() > latest()) {
                throw new SparkfyException("the warehouse's schema is at version " + done.version() + ", newer than"
                        + " sparkfy-dw-sql " + artifactVersion + " (version " + latest() + "): pin the newer"
                        + " sparkfy-dw-sql as a dependency of the plugin");
            }
            Migration script = migrations.get(done.version() - 1);
            if (!done.baseline() && script.checksum() != done.checksum()) {
                throw new SparkfyException("migration " + script.script() + " was changed after it was applied"
                        + " (checksum " + done.checksum() + " in " + SchemaHistory.TABLE + ", " + script.checksum()
                        + " in sparkfy-dw-sql " + artifactVersion + "): restore the script, or put the change in a"
                        + " new migration");
            }
            current = Math.max(current, done.version());
        }
        return current;
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static List<AppliedMigration> applied(Connection connection) {
        try {
            return SchemaHistory.applied(connection);
        } catch (SQLException e) {
            throw new SparkfyException("cannot read " + SchemaHistory.TABLE + ": " + e.getMessage(), e);
        }
    }
}
