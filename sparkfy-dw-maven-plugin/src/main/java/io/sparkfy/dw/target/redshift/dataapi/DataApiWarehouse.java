package io.sparkfy.dw.target.redshift.dataapi;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.StagingLoader;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.target.FullBuild;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.redshift.ManifestLoads;
import io.sparkfy.dw.target.redshift.RedshiftFullBuild;
import io.sparkfy.dw.target.WarehouseLock;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClientBuilder;

/**
 * Amazon Redshift through the Data API ({@code redshift-data://} URLs): for builds with no network path to the
 * cluster. The SQL is the Redshift dialect's, as through JDBC; a transaction's writes go as one
 * {@code BatchExecuteStatement} at its commit, so the jobs read before they write ({@link #batchesWrites}).
 */
public final class DataApiWarehouse implements Warehouse {

    private final DataApiUrl target;
    private final String url;
    private final Function<DataApiUrl, RedshiftDataClient> clients;
    private final Clock clock;
    private final DataApiStatements.Sleeper sleeper;
    private final Log log;
    private RedshiftDataClient client;
    /** Null: every load is a full reload (no manifest prefix). */
    private ManifestLoads manifests;
    /** The lease of the goal running here, if any: every connection's calls renew it when due. */
    private volatile DataApiLease lease;

    DataApiWarehouse(String url, DataApiUrl target, Function<DataApiUrl, RedshiftDataClient> clients, Clock clock,
                     DataApiStatements.Sleeper sleeper, Log log) {
        this.url = url;
        this.target = target;
        this.clients = clients;
        this.clock = clock;
        this.sleeper = sleeper;
        this.log = log;
    }

    /** Loads give Redshift only the new objects, through manifests written under a prefix of their own. */
    DataApiWarehouse loadingNewObjectsThrough(ManifestLoads manifests) {
        this.manifests = manifests;
        return this;
    }

    /** The SDK's client: the default credential chain, the URL's region and endpoint, the JDK's HTTP client. */
    static RedshiftDataClient client(DataApiUrl target) {
        try {
            RedshiftDataClientBuilder builder = RedshiftDataClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)));
            if (target.region() != null) {
                builder.region(Region.of(target.region()));
            }
            if (target.endpoint() != null) {
                builder.endpointOverride(target.endpoint());
            }
            return builder.build();
        } catch (SdkException e) {
            throw new SparkfyException("cannot set up the Data API client for " + target + ": " + e.getMessage()
                    + " (a region: region= in sparkfy.url, AWS_REGION or the profile's)", e);
        }
    }

    @Override
    public Dialect dialect() {
        return Dialect.REDSHIFT;
    }

    @Override
    public String description() {
        return "Amazon Redshift through the Data API at " + target + " (" + target.signIn() + ")";
    }

    @Override
    public Connection connect() {
        return open(this::renewLease);
    }

    private synchronized Connection open(DataApiStatements.Renewal renewal) {
        if (client == null) {
            client = clients.apply(target);
        }
        return DataApiConnection.open(new DataApiStatements(client, target, clock, sleeper, renewal, log), url);
    }

    private void renewLease() throws SQLException {
        DataApiLease held = lease;
        if (held != null) {
            held.renewIfDue();
        }
    }

    @Override
    public StagingLoader stagingLoader() {
        return new DataApiCopyLoader(manifests);
    }

    /** Redshift's one-session build: its statements go in the goal's one batch like any others. */
    @Override
    public FullBuild fullBuild() {
        return new RedshiftFullBuild();
    }

    @Override
    public boolean batchesWrites() {
        return true;
    }

    @Override
    public WarehouseLock lock(Duration timeout, String goal, Log log) {
        DataApiLease taken = new DataApiLease(open(DataApiStatements.Renewal.NONE), clock, goal, log);
        WarehouseLock lock = taken.take(timeout);
        lease = taken; // released, it renews no more: no need to clear it
        return lock;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
