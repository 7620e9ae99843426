package io.sparkfy.dw.target.redshift;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.CopyStatement;
import io.sparkfy.dw.copy.LoadLedger;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.source.Manifest;
import io.sparkfy.dw.source.S3Location;
import io.sparkfy.dw.source.Source;
import io.sparkfy.dw.source.SourceObject;
import io.sparkfy.dw.source.Sources;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * What a Redshift load of only the new objects needs before its COPY, through JDBC or the Data API alike: the
 * location listed with the build's S3 credentials, the {@link LoadLedger}'s choice of what is new, and the manifest
 * of exactly those objects at {@code <prefix><table>-<run id>.manifest} (one per table and run, never overwritten).
 */
public final class ManifestLoads {

    static final String MANIFEST_CONTENT_TYPE = "application/json";

    private final Sources sources;
    private final S3Location prefix;

    public ManifestLoads(Sources sources, S3Location prefix) {
        this.sources = sources;
        this.prefix = prefix;
    }

    /** {@code <prefix><table>-<run id><suffix>}: a file of this table's load in this run. */
    public String url(StagingSource source, LoadLedger ledger, String suffix) {
        return S3Location.parse(prefix + source.table() + "-" + ledger.runId() + suffix).toString();
    }

    public String manifestUrl(StagingSource source, LoadLedger ledger) {
        return url(source, ledger, ".manifest");
    }

    /** The COPY that reads the manifest at {@code manifestUrl}, with the source's own options. */
    public static String manifestCopy(StagingSource source, String manifestUrl) {
        CopyOptions options = source.options().withManifest();
        return CopyStatement.redshift(new StagingSource(source.table(), manifestUrl, options));
    }

    /** The objects to load: listed, then compared with what the ledger holds ({@code connection} reads it). */
    public LoadLedger.Batch select(Connection connection, StagingSource source, LoadLedger ledger, Log log) {
        try {
            Map<String, LoadLedger.Entry> held = ledger.held(connection, source.table(), source.location());
            return ledger.select(list(source, log), held);
        } catch (SQLException e) {
            throw new SparkfyException("cannot read the load ledger: " + e.getMessage(), e);
        }
    }

    /** Writes the manifest of the batch's objects (each checked to be on S3, which Redshift reads); their bytes. */
    public long writeManifest(StagingSource source, LoadLedger.Batch batch, String manifestUrl) {
        for (SourceObject object : batch.objects()) {
            if (!S3Location.isS3(object.name())) {
                throw new SparkfyException(source.table() + ": " + object.name() + " is not on S3, which Redshift"
                        + " reads");
            }
        }
        write(source, manifestUrl, Manifest.json(batch.objects()).getBytes(StandardCharsets.UTF_8),
                MANIFEST_CONTENT_TYPE);
        return batch.objects().stream().mapToLong(o -> Math.max(0, o.size())).sum();
    }

    /** Writes a file of the load beside its manifest, in the source's region. */
    public void write(StagingSource source, String url, byte[] bytes, String contentType) {
        sources.writeS3(url, source.options().region(), bytes, contentType);
    }

    /** What the location holds, as the emulation lists it (and as COPY would read it without a manifest). */
    private List<SourceObject> list(StagingSource source, Log log) {
        CopyOptions options = source.options();
        try (Source data = sources.of(source.location(), options.region())) {
            return sources.objects(data, source.location(), options.manifest(), options.region(), log);
        }
    }
}
