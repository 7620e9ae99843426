package io.sparkfy.dw.copy.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import io.sparkfy.dw.LoadException;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.source.Sources;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonPathsTest {

    @Test
    void bracketDotAndIndexNotation() {
        assertEquals(List.of("a"), parse("$['a']").segments());
        assertEquals(List.of("a b", "c"), parse("$[\"a b\"].c").segments());
        assertEquals(List.of("x", "y", 0, "z"), parse("$.x.y[0]['z']").segments());
    }

    @Test
    void badExpressionsSayWhatIsWrong() {
        assertTrue(error("a.b").contains("must start with $"));
        assertTrue(error("$['a").contains("unterminated ['"));
        assertTrue(error("$[-1]").contains("invalid array index"));
        assertTrue(error("$[*]").contains("invalid array index"));
        assertTrue(error("$..a").contains("empty name"));
        assertTrue(error("$").contains("selects no value"));
    }

    @Test
    void theShippedFileHasTheEighteenEventColumns() {
        JsonPaths paths = JsonPaths.read(Sources.local().single("classpath:" + SqlResources.LOG_JSON_PATHS, null),
                new JsonFactory());
        assertEquals(18, paths.paths().size());
        assertEquals(List.of("artist"), paths.paths().get(0).segments());
        assertEquals(List.of("userId"), paths.paths().get(17).segments());
    }

    private static JsonPaths.Path parse(String text) {
        return JsonPaths.parse("f.json", JsonLocation.NA, text);
    }

    private static String error(String text) {
        return assertThrows(LoadException.class, () -> parse(text)).getMessage();
    }
}
