package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.cluster.ServerlessManager;
import io.sparkfy.dw.cluster.ServerlessSettings;
import io.sparkfy.dw.settings.PropertyNames;
import java.time.Clock;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Deletes the Serverless workgroup, then its namespace after a final snapshot (named from the namespace and the
 * time, UTC) unless told otherwise. Needs {@code -Dsparkfy.confirm=<namespace>}, so an accident in CI cannot delete
 * a warehouse.
 */
@Mojo(name = "serverless-delete", requiresProject = false, threadSafe = true)
public class ServerlessDeleteMojo extends AbstractServerlessWaitMojo {

    /**
     * Required: the namespace's name again, so that an accident in CI cannot delete a warehouse.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CONFIRM)
    private String confirm;

    /**
     * Deletes the namespace without a final snapshot; must be set explicitly.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.SKIP_FINAL_SNAPSHOT, defaultValue = "false")
    private boolean skipFinalSnapshot;

    @Override
    protected void checkParameters(ServerlessSettings settings) {
        if (!settings.namespaceName().equals(confirm)) {
            throw new SparkfyException("serverless-delete deletes namespace " + settings.namespaceName()
                    + " and its workgroup " + settings.workgroupName() + ": confirm with -D" + PropertyNames.CONFIRM
                    + "=" + settings.namespaceName());
        }
    }

    @Override
    protected void run(ServerlessManager manager, Log log) {
        ServerlessManager.DeleteResult result = manager.delete(flag(PropertyNames.SKIP_FINAL_SNAPSHOT,
                skipFinalSnapshot), Clock.systemUTC());
        log.info("workgroup " + (result.workgroupDeleted() ? "deleted" : "was already gone") + ", namespace "
                + (result.namespaceDeleted() ? "deleted" : "was already gone")
                + (result.finalSnapshotName() == null ? "" : ", final snapshot " + result.finalSnapshotName()));
    }
}
