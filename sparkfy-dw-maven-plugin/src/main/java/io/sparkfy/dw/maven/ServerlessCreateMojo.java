package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.cluster.ServerlessManager;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Creates (or reuses) a Redshift Serverless namespace and its workgroup, waits until the workgroup is available and
 * prints the URLs the warehouse goals take: IAM sign-in over JDBC, or the Data API. Run again, it changes nothing.
 */
@Mojo(name = "serverless-create", requiresProject = false, threadSafe = true)
public class ServerlessCreateMojo extends AbstractServerlessMojo {

    @Override
    protected void run(ServerlessManager manager, Log log) {
        ServerlessManager.CreateResult result = manager.create();
        log.info("namespace " + (result.namespaceCreated() ? "created" : "reused") + ", workgroup "
                + (result.workgroupCreated() ? "created" : "already there, nothing was changed"));
        log.info("-Dsparkfy.url=" + result.jdbcUrl() + "   (IAM sign-in over JDBC)");
        log.info("-Dsparkfy.url=" + result.dataApiUrl() + "   (the Data API: no network path needed)");
        if (result.adminSecretArn() != null) {
            log.info("the admin password is managed by Secrets Manager: " + result.adminSecretArn());
        }
    }
}
