package io.sparkfy.dw.report;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.schema.SqlResources;
import java.util.ArrayList;
import java.util.List;

/**
 * One query of the report, read from {@code sparkfy-dw/report/<name>.sql} of the SQL artifact: its leading
 * {@code --} comment line says what it answers, the rest is one SELECT that PostgreSQL and Redshift both run.
 */
record ReportQuery(String name, String resource, String description, String sql) {

    static final String FOLDER = "sparkfy-dw/report/";

    /** The report's queries in display order, as {@code sparkfy-dw/report/index.txt} lists them. */
    static List<ReportQuery> load(SqlResources sql) {
        List<ReportQuery> queries = new ArrayList<>();
        for (String line : sql.text(FOLDER + "index.txt").split("\\R")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            if (!file.matches("[a-z0-9_]+\\.sql")) {
                throw new SparkfyException(FOLDER + "index.txt names '" + file + "', not <name>.sql");
            }
            queries.add(parse(FOLDER + file, sql.text(FOLDER + file)));
        }
        if (queries.isEmpty()) {
            throw new SparkfyException(FOLDER + "index.txt lists no query");
        }
        return queries;
    }

    static ReportQuery parse(String resource, String text) {
        String name = resource.substring(resource.lastIndexOf('/') + 1, resource.length() - ".sql".length());
        String[] lines = text.strip().split("\\R", 2);
        if (!lines[0].startsWith("--") || lines.length < 2) {
            throw new SparkfyException(resource + ": the first line must be a '--' comment saying what it answers");
        }
        String description = lines[0].substring(2).strip();
        String sql = lines[1].strip();
        if (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        if (sql.isEmpty() || sql.contains(";")) {
            throw new SparkfyException(resource + ": must hold exactly one statement");
        }
        return new ReportQuery(name, resource, description, sql);
    }
}
