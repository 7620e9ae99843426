package io.sparkfy.dw.copy;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.schema.Identifiers;
import io.sparkfy.dw.source.Compression;

/**
 * The native COPY that loads one staging table on Redshift, from the same options that drive the embedded
 * emulation. Credentials are an IAM role (or the cluster's default role): never access keys in SQL text.
 */
public final class RedshiftCopy {

    private RedshiftCopy() {
    }

    /** The COPY text; every inlined value is validated first. {@code iamRole} null: the cluster's default role. */
    public static String statement(StagingSource source, String iamRole) {
        CopyOptions options = source.options();
        StringBuilder sql = new StringBuilder("COPY ").append(Identifiers.quote(source.table()))
                .append("\nFROM ").append(CopyValues.quote(CopyValues.s3Uri(where(source), source.location())))
                .append("\nIAM_ROLE ").append(iamRole == null ? "default" : CopyValues.quote(CopyValues.iamRole(iamRole)))
                .append("\nFORMAT AS JSON ");
        if (options.isAuto()) {
            sql.append(CopyValues.quote(options.json().copyArgument()));
        } else {
            if (!options.jsonPaths().startsWith("s3://")) {
                throw new SparkfyException(where(source) + ": Redshift reads the JSONPaths file from S3, not from "
                        + options.jsonPaths() + ": upload it and set sparkfy.logJsonPaths=s3://...");
            }
            sql.append(CopyValues.quote(CopyValues.s3Uri("JSONPaths of " + source.table(), options.jsonPaths())));
        }
        sql.append("\nTIMEFORMAT ").append(CopyValues.quote(CopyValues.format(options.timeFormat().copyText())));
        if (!options.dateFormat().equals(TimeFormat.DEFAULT_DATE)) {
            sql.append("\nDATEFORMAT ").append(CopyValues.quote(CopyValues.format(options.dateFormat().copyText())));
        }
        if (options.manifest()) {
            sql.append("\nMANIFEST");
        }
        if (options.region() != null) {
            sql.append("\nREGION ").append(CopyValues.quote(CopyValues.region(options.region())));
        }
        if (options.maxError() > 0) {
            sql.append("\nMAXERROR ").append(options.maxError());
        }
        if (options.compression() != Compression.NONE) {
            sql.append('\n').append(options.compression().name());
        }
        if (options.blanksAsNull()) {
            sql.append("\nBLANKSASNULL");
        }
        if (options.emptyAsNull()) {
            sql.append("\nEMPTYASNULL");
        }
        if (options.truncateColumns()) {
            sql.append("\nTRUNCATECOLUMNS");
        }
        if (options.acceptInvChars() != null) {
            sql.append("\nACCEPTINVCHARS AS ").append(CopyValues.quote(options.acceptInvChars()));
        }
        if (options.compUpdate() != null) {
            sql.append("\nCOMPUPDATE ").append(options.compUpdate());
        }
        if (options.statUpdate() != null) {
            sql.append("\nSTATUPDATE ").append(options.statUpdate());
        }
        return sql.toString();
    }

    private static String where(StagingSource source) {
        return "the source of " + source.table();
    }
}
