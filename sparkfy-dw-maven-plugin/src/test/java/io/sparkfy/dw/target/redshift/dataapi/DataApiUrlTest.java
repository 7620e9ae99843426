package io.sparkfy.dw.target.redshift.dataapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkfy.dw.SparkfyException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class DataApiUrlTest {

    private static final String ARN = "arn:aws:secretsmanager:us-west-2:123456789012:secret:dwh-AbC123";

    @Test
    void aClusterWithASecret() {
        DataApiUrl url = DataApiUrl.parse("redshift-data://cluster/dwhcluster/dwh?secretArn=" + ARN
                + "&region=us-west-2&endpoint=https://vpce-1.redshift-data.us-west-2.vpce.amazonaws.com", "ignored");
        assertEquals(new DataApiUrl(DataApiUrl.Kind.CLUSTER, "dwhcluster", "dwh", ARN, null, "us-west-2",
                URI.create("https://vpce-1.redshift-data.us-west-2.vpce.amazonaws.com")), url);
        assertEquals("the secret " + ARN, url.signIn());
        assertEquals("the secret of secretArn", url.authentication(), "error messages name the setting, not the ARN");
        assertEquals("redshift-data://cluster/dwhcluster/dwh", url.toString());
    }

    @Test
    void aClusterWithIamTakesTheDatabaseUserFromTheUrlOrTheSettings() {
        assertEquals("loader", DataApiUrl.parse("redshift-data://cluster/dwh/dev?dbUser=loader", "other").dbUser());
        assertEquals("other", DataApiUrl.parse("redshift-data://cluster/dwh/dev", "other").dbUser());
        assertEquals("IAM, as the IAM identity", DataApiUrl.parse("redshift-data://cluster/dwh/dev", null).signIn());
    }

    @Test
    void aWorkgroupSignsInAsTheIamIdentity() {
        DataApiUrl url = DataApiUrl.parse("redshift-data://workgroup/sparkfy-wg/dev", "ignored");
        assertEquals(DataApiUrl.Kind.WORKGROUP, url.kind());
        assertNull(url.dbUser());
    }

    @Test
    void everyBadPartIsNamed() {
        assertEquals("sparkfy.url redshift-data://cluster/dwh: expected redshift-data://cluster/<cluster id>/<database>"
                + " or redshift-data://workgroup/<workgroup>/<database>", bad("redshift-data://cluster/dwh"));
        assertEquals("sparkfy.url redshift-data://node/dwh/dev: 'node' is neither cluster nor workgroup",
                bad("redshift-data://node/dwh/dev"));
        assertEquals("sparkfy.url redshift-data://cluster/Dwh_1/dev: 'Dwh_1' is not a cluster identifier (lower-case"
                + " letters, digits and hyphens, starting with a letter)", bad("redshift-data://cluster/Dwh_1/dev"));
        assertEquals("sparkfy.url redshift-data://cluster/dwh/dev?secretArn=arn:aws:iam::1:role/x: secretArn"
                + " 'arn:aws:iam::1:role/x' is not a Secrets Manager secret ARN"
                + " (arn:aws:secretsmanager:<region>:<account>:secret:<name>)",
                bad("redshift-data://cluster/dwh/dev?secretArn=arn:aws:iam::1:role/x"));
        assertEquals("sparkfy.url redshift-data://cluster/dwh/dev?password=x: unknown option 'password' (known:"
                + " secretArn, dbUser, region, endpoint)", bad("redshift-data://cluster/dwh/dev?password=x"));
        assertEquals("sparkfy.url redshift-data://workgroup/wg1/dev?dbUser=u: dbUser is for IAM sign-in to a cluster;"
                + " a workgroup signs in as the IAM identity", bad("redshift-data://workgroup/wg1/dev?dbUser=u"));
        assertEquals("sparkfy.url redshift-data://cluster/dwh/dev?dbUser=a'b: 'a'b' is not a database user name",
                bad("redshift-data://cluster/dwh/dev?dbUser=a'b"));
    }

    private static String bad(String url) {
        return assertThrows(SparkfyException.class, () -> DataApiUrl.parse(url, null)).getMessage();
    }
}
