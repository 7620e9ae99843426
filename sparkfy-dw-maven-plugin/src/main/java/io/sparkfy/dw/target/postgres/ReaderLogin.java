package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.schema.Identifiers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * The serve goal's read-only login on the embedded warehouse: a role that may log in with its password (the only
 * login the server checks one for) and SELECT from the warehouse's own tables, nothing else. Tables created later
 * (create-tables in another build while serving) are granted to it as they appear, by an event trigger.
 */
final class ReaderLogin {

    static final String ROLE = "sparkfy_reader";

    private static final String HBA_MARK = "# sparkfy-dw: the serve goal's read-only login needs its password";

    private ReaderLogin() {
    }

    /**
     * The embedded server lets every login of this machine in without a password (initdb's trust); the reader's
     * logins are checked. The rule goes before the trust lines (the first matching line wins), once.
     */
    static boolean requirePassword(Path dataDirectory) {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        try {
            String rules = Files.readString(hba, StandardCharsets.UTF_8);
            if (rules.contains(HBA_MARK)) {
                return false;
            }
            String ours = HBA_MARK + "\n"
                    + "host    all    " + ROLE + "    127.0.0.1/32    scram-sha-256\n"
                    + "host    all    " + ROLE + "    ::1/128         scram-sha-256\n\n";
            Path written = hba.resolveSibling("pg_hba.conf.sparkfy-dw");
            Files.writeString(written, ours + rules, StandardCharsets.UTF_8);
            Files.move(written, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new SparkfyException("cannot write " + hba + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates or updates the role: it logs in, reads only in read-only transactions, may SELECT from
     * {@code tables} (those that exist now, and those that appear later) and from nothing else. The password is
     * hashed by the driver (SCRAM), so it never travels or lands in a server log in clear.
     */
    static void configure(Connection connection, String password, List<String> tables) throws SQLException {
        List<String> quoted = new ArrayList<>();
        for (String table : tables) {
            Identifiers.quote(table); // only plain names reach the SQL below
            quoted.add("'" + table + "'");
        }
        String names = quoted.isEmpty() ? "ARRAY[]::name[]" : "ARRAY[" + String.join(", ", quoted) + "]::name[]";
        try (Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE + "')"
                    + " THEN CREATE ROLE " + ROLE + " LOGIN; END IF; END $$");
            statement.execute("ALTER ROLE " + ROLE + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
                    + " NOBYPASSRLS");
            statement.execute("ALTER ROLE " + ROLE + " SET default_transaction_read_only = on");
            statement.execute("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM " + ROLE);
            statement.execute("REVOKE CREATE ON SCHEMA public FROM " + ROLE);
            statement.execute("GRANT USAGE ON SCHEMA public TO " + ROLE);
            List<String> existing = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT relname FROM pg_class WHERE relnamespace ="
                    + " 'public'::regnamespace AND relkind IN ('r', 'p') AND relname = ANY (" + names + ")")) {
                while (rs.next()) {
                    existing.add(rs.getString(1));
                }
            }
            if (!existing.isEmpty()) {
                statement.execute("GRANT SELECT ON " + existing.stream().map(Identifiers::quote)
                        .collect(Collectors.joining(", ")) + " TO " + ROLE);
            }
            // A table created (or renamed into place) later is granted in the transaction that creates it.
            statement.execute("""
                    CREATE OR REPLACE FUNCTION sparkfy_dw_reader_grants() RETURNS event_trigger
                    LANGUAGE plpgsql AS $f$
                    DECLARE
                      t regclass;
                    BEGIN
                      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1$s') THEN
                        RETURN;
                      END IF;
                      FOR t IN SELECT c.oid::regclass FROM pg_event_trigger_ddl_commands() d
                               JOIN pg_class c ON c.oid = d.objid
                               WHERE d.classid = 'pg_class'::regclass AND c.relkind IN ('r', 'p')
                                 AND c.relnamespace = 'public'::regnamespace AND c.relname = ANY (%2$s)
                      LOOP
                        EXECUTE format('GRANT SELECT ON %%s TO %1$s', t);
                      END LOOP;
                    END $f$""".formatted(ROLE, names));
            statement.execute("DROP EVENT TRIGGER IF EXISTS sparkfy_dw_reader_grants");
            statement.execute("CREATE EVENT TRIGGER sparkfy_dw_reader_grants ON ddl_command_end WHEN TAG IN"
                    + " ('CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO', 'ALTER TABLE')"
                    + " EXECUTE FUNCTION sparkfy_dw_reader_grants()");
        }
        connection.unwrap(PGConnection.class).alterUserPassword(ROLE, password.toCharArray(), "scram-sha-256");
    }
}
