package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryResultTest {

    @Test
    void formatsAnAlignedTableWithNullsEmpty() {
        QueryResult result = new QueryResult(List.of("level", "plays"),
                List.of(List.of("free", "1229"), Arrays.asList("paid", null)), false);
        assertEquals(List.of("level | plays", "------+------", "free  | 1229", "paid  |", "(2 rows)"), result.format());
    }

    @Test
    void saysWhenRowsWereCut() {
        QueryResult result = new QueryResult(List.of("n"), List.of(List.of("1")), true);
        assertEquals("(1 row, more not shown: raise sparkfy.maxRows)", result.format().get(3));
    }
}
