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
    void settingsNeverPrintThePassword() {
        WarehouseSettings settings = new WarehouseSettings("jdbc:postgresql://h/db", "u", "s3cr3t", null);
        assertFalse(settings.toString().contains("s3cr3t"), settings.toString());
    }
}
