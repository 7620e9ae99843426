package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.job.ServeControl;
import io.sparkfy.dw.settings.PropertyNames;
import io.sparkfy.dw.settings.WarehouseSettings;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Starts the embedded warehouse on a fixed port of the loopback address and keeps it running until Ctrl-C, for
 * psql, DBeaver or Metabase: prints a psql command and a JDBC URL with a login that can only read the warehouse's
 * tables. Builds run against it meanwhile; it stops when the last of them is done.
 */
@Mojo(name = "serve", requiresProject = false, threadSafe = true)
public class ServeMojo extends AbstractWarehouseMojo {

    /** The default port: PostgreSQL's own 5432 is often taken by a local server, so one near it that rarely is. */
    static final int DEFAULT_PORT = 54321;

    /**
     * Port the embedded PostgreSQL listens on (127.0.0.1 only) while served. Default 54321. A server already
     * running for a build keeps its own port, which the goal prints.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.SERVE_PORT)
    private String servePort;

    /**
     * Password of the read-only login {@code sparkfy_reader}; never printed. Unset: one is made up for each run
     * of the goal and printed.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.READER_PASSWORD)
    private String readerPassword;

    @Override
    protected Map<String, String> pomSettings() {
        Map<String, String> pom = super.pomSettings();
        pom.put(PropertyNames.SERVE_PORT, servePort);
        pom.put(PropertyNames.READER_PASSWORD, readerPassword);
        return pom;
    }

    @Override
    WarehouseSettings warehouseSettings() {
        return super.warehouseSettings().withEmbeddedPort(
                layers().integer(PropertyNames.SERVE_PORT, 1, 65535, DEFAULT_PORT));
    }

    @Override
    protected void run(Pipeline pipeline, Log log) {
        pipeline.serve(layers().text(PropertyNames.READER_PASSWORD), PropertyNames.READER_PASSWORD,
                new ServeControl());
    }
}
