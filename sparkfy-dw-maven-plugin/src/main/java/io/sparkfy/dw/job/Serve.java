package io.sparkfy.dw.job;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.target.Serving;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The serve goal: the embedded warehouse for other tools (psql, DBeaver, Metabase) until stopped, with a login
 * that can only read the warehouse's tables. Takes no warehouse lock: builds keep running against it meanwhile.
 */
final class Serve implements Job<Void> {

    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final WarehouseSchema schema;
    private final String readerPassword;
    private final String passwordProperty;
    private final ServeControl control;

    /** {@code readerPassword} null: one is made up for this run and printed; a configured one never is. */
    Serve(WarehouseSchema schema, String readerPassword, String passwordProperty, ServeControl control) {
        this.schema = schema;
        this.readerPassword = readerPassword;
        this.passwordProperty = passwordProperty;
        this.control = control;
    }

    @Override
    public String goal() {
        return "serve";
    }

    @Override
    public boolean changesWarehouse() {
        return false;
    }

    @Override
    public Plan<Void> plan() {
        return Plan.note("[dry run] serve: the embedded warehouse would be served on the loopback address with"
                + " a read-only login; nothing is started", null);
    }

    @Override
    public Void run(TransactionRunner transactions) {
        boolean generated = readerPassword == null;
        String password = generated ? generatedPassword() : readerPassword;
        List<String> readable = new ArrayList<>(schema.tables());
        readable.addAll(schema.sql().declaration().historyTables());
        long started = System.nanoTime();
        try (Serving serving = schema.warehouse().serve(password, readable, schema.log())) {
            String where = serving.host() + ":" + serving.port();
            schema.log().info("serve: " + schema.warehouse().description() + " is serving on " + where
                    + " (this machine only) until Ctrl-C");
            schema.log().info("  read-only login: user " + serving.readerUser() + ", password "
                    + (generated ? password + " (made up for this run; set " + passwordProperty + " to choose one)"
                    : "as set in " + passwordProperty) + ", database " + serving.database());
            schema.log().info("  psql: " + (generated ? "PGPASSWORD=" + password + " " : "") + "psql -h "
                    + serving.host() + " -p " + serving.port() + " -U " + serving.readerUser() + " -d "
                    + serving.database());
            schema.log().info("  JDBC (DBeaver, Metabase: the PostgreSQL driver): " + serving.jdbcUrl());
            schema.log().info("  it may SELECT from " + String.join(", ", readable) + "; builds run against it"
                    + " meanwhile");
            control.serving(serving);
            control.awaitStop();
            schema.log().info(String.format("serve: stopping after %s on %s", elapsed(started), where));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SparkfyException("serve: interrupted; the embedded warehouse is stopped", e);
        }
        return null;
    }

    private static String elapsed(long startedNanos) {
        long seconds = (System.nanoTime() - startedNanos) / 1_000_000_000L;
        return seconds < 120 ? seconds + " s" : (seconds / 60) + " min";
    }

    /** 20 characters of an alphabet without look-alikes (about 100 bits): safe to paste into a shell. */
    private static String generatedPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
