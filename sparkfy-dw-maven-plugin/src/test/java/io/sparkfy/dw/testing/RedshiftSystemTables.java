package io.sparkfy.dw.testing;

/**
 * What Redshift has for the statements after a COPY and PostgreSQL has not: {@code stl_load_commits} and
 * {@code stl_load_errors}, and {@code pg_last_copy_id()} / {@code pg_last_copy_count()} over {@code test_last_copy},
 * into which a test's stand-in for the cluster's COPY puts each COPY's query id and rows.
 */
public final class RedshiftSystemTables {

    private RedshiftSystemTables() {
    }

    public static void create(EmbeddedWarehouse postgres) {
        postgres.execute("CREATE TABLE stl_load_commits (query integer, filename character(256),"
                + " lines_scanned integer)");
        postgres.execute("CREATE TABLE stl_load_errors (query integer, filename character(256))");
        postgres.execute("CREATE TABLE test_last_copy (id integer, total bigint)");
        postgres.execute("CREATE FUNCTION pg_last_copy_id() RETURNS integer LANGUAGE sql"
                + " AS 'SELECT max(id) FROM test_last_copy'");
        postgres.execute("CREATE FUNCTION pg_last_copy_count() RETURNS bigint LANGUAGE sql"
                + " AS 'SELECT total FROM test_last_copy ORDER BY id DESC LIMIT 1'");
    }
}
