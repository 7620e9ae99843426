package io.sparkfy.dw.check;

/**
 * What one check found: its status, how many rows break its rule, the first of them, and for a freshness check
 * or a query that failed, a sentence saying why.
 */
public record CheckResult(DataCheck check, CheckStatus status, long failingRows, SampleRows sample, String detail,
                          long millis) {

    /** "1 failing row", "3 failing rows". */
    public String rowsText() {
        return String.format("%,d failing row%s", failingRows, failingRows == 1 ? "" : "s");
    }

    /** One line: what went wrong and the rule broken ({@code 1 failing row: every play's user_id is in users}). */
    public String message() {
        return switch (status) {
            case PASSED -> "passed: " + check.description();
            case ERROR -> "the query failed: " + detail;
            default -> rowsText() + ": " + check.description() + (detail == null ? "" : " (" + detail + ")");
        };
    }
}
