package io.sparkfy.dw.copy;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.schema.Identifiers;
import io.sparkfy.dw.source.Compression;
import java.util.ArrayList;
import java.util.List;

/**
 * The one renderer of COPY text: the native COPY that loads a staging table on Redshift, and the same text as the
 * description of what the embedded emulation does with the same options. Credentials are an IAM role (or the
 * cluster's default role): never access keys in SQL text.
 */
public final class CopyStatement {

    private CopyStatement() {
    }

    /**
     * The COPY text Redshift runs; every inlined value is validated first, and the locations must be on S3 (the
     * cluster reads them itself).
     */
    public static String redshift(StagingSource source) {
        return String.join("\n", clauses(source, true));
    }

    /**
     * The same COPY text for a load the plugin emulates: locations may be local or {@code classpath:}, so they are
     * quoted rather than checked as S3 URIs. It is shown, never sent.
     */
    public static String emulated(StagingSource source) {
        return String.join("\n", clauses(source, false));
    }

    /** The options of the emulated COPY on one line, for log lines and messages about the load. */
    public static String options(StagingSource source) {
        return String.join(" ", optionClauses(source, false));
    }

    /** {@code sent}: the text goes to a cluster, so locations must be S3 URIs and formats Redshift's own. */
    private static List<String> clauses(StagingSource source, boolean sent) {
        CopyOptions options = source.options();
        List<String> sql = new ArrayList<>();
        sql.add("COPY " + Identifiers.quote(source.table()));
        sql.add("FROM " + location(sent, where(source), source.location()));
        sql.add("IAM_ROLE " + (options.iamRole() == null ? "default" : CopyValues.quote(options.iamRole())));
        sql.addAll(optionClauses(source, sent));
        return sql;
    }

    /** Everything after COPY, FROM and IAM_ROLE: the format and the options. */
    private static List<String> optionClauses(StagingSource source, boolean sent) {
        CopyOptions options = source.options();
        List<String> sql = new ArrayList<>();
        if (options.isAuto()) {
            sql.add("FORMAT AS JSON " + CopyValues.quote(options.json().copyArgument()));
        } else {
            if (sent && !options.jsonPaths().startsWith("s3://")) {
                throw new SparkfyException(where(source) + ": Redshift reads the JSONPaths file from S3, not from "
                        + options.jsonPaths() + ": upload it and set sparkfy.logJsonPaths=s3://...");
            }
            sql.add("FORMAT AS JSON " + location(sent, "JSONPaths of " + source.table(), options.jsonPaths()));
        }
        sql.add("TIMEFORMAT " + format(sent, options.timeFormat().copyText()));
        if (!options.dateFormat().equals(TimeFormat.DEFAULT_DATE)) {
            sql.add("DATEFORMAT " + format(sent, options.dateFormat().copyText()));
        }
        if (options.manifest()) {
            sql.add("MANIFEST");
        }
        if (options.region() != null) {
            sql.add("REGION " + CopyValues.quote(sent ? CopyValues.region(options.region()) : options.region()));
        }
        if (options.maxError() > 0) {
            sql.add("MAXERROR " + options.maxError());
        }
        if (options.compression() != Compression.NONE) {
            sql.add(options.compression().name());
        }
        if (options.blanksAsNull()) {
            sql.add("BLANKSASNULL");
        }
        if (options.emptyAsNull()) {
            sql.add("EMPTYASNULL");
        }
        if (options.truncateColumns()) {
            sql.add("TRUNCATECOLUMNS");
        }
        if (options.acceptInvChars() != null) {
            sql.add("ACCEPTINVCHARS AS " + CopyValues.quote(options.acceptInvChars()));
        }
        if (options.compUpdate() != null) {
            sql.add("COMPUPDATE " + options.compUpdate());
        }
        if (options.statUpdate() != null) {
            sql.add("STATUPDATE " + options.statUpdate());
        }
        return sql;
    }

    private static String location(boolean sent, String what, String location) {
        return CopyValues.quote(sent ? CopyValues.s3Uri(what, location) : location);
    }

    private static String format(boolean sent, String format) {
        return CopyValues.quote(sent ? CopyValues.format(format) : format);
    }

    private static String where(StagingSource source) {
        return "the source of " + source.table();
    }
}
