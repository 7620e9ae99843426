package io.sparkfy.dw.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sparkfy.dw.settings.WarehouseSettings;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void passwordsInUrlsAreMasked() {
        assertEquals("jdbc:postgresql://h/db?user=u&password=****&ssl=true",
                Secrets.maskUrl("jdbc:postgresql://h/db?user=u&password=s3cr3t&ssl=true"));
        assertEquals("postgresql://u:****@h/db", Secrets.maskUrl("postgresql://u:s3cr3t@h/db"));
    }

    @Test
    void accessKeyIdsAreMaskedAnywhereInAMessage() {
        assertEquals("The security token included in the request is invalid: Credential=****/20261201/us-west-2,"
                + " session **** expired; jdbc:redshift://h/dev?password=****",
                Secrets.mask("The security token included in the request is invalid: Credential=AKIAIOSFODNN7EXAMPLE"
                        + "/20261201/us-west-2, session ASIAY34FZKBOKMUTVV7A expired; jdbc:redshift://h/dev?password=x"));
        assertEquals("not a key: AKIA-lowercase akiaiosfodnn7example", Secrets.mask("not a key: AKIA-lowercase"
                + " akiaiosfodnn7example"));
    }

    @Test
    void settingsNeverPrintThePassword() {
        WarehouseSettings settings = new WarehouseSettings("jdbc:postgresql://h/db", "u", "s3cr3t", null);
        assertFalse(settings.toString().contains("s3cr3t"), settings.toString());
    }
}
