package io.sparkfy.dw.check;

/**
 * One data test: a query returning the rows that break a rule (none: it passes), with its header. A freshness
 * check names the ages that judge its one row ({@code freshness}) instead of a fixed {@code severity}.
 *
 * @param name        the file name without {@code .sql}: what {@code -Dsparkfy.checks} selects and the XML names
 * @param origin      where it was read, for messages: a resource of sparkfy-dw-sql or a file of the project
 * @param shipped     true for the checks of sparkfy-dw-sql, false for the project's own
 * @param severity    warn or error; null for a freshness check
 * @param freshness   the name of the ages that judge it ({@code plays}, {@code loads}); null for others
 * @param description the rule, in one line
 * @param sql         the query, as it is sent
 */
public record DataCheck(String name, String origin, boolean shipped, Severity severity, String freshness,
                        String description, String sql) {

    public boolean isFreshness() {
        return freshness != null;
    }

    /** What the header said, for the dry run and the results: {@code error}, or {@code freshness: plays}. */
    public String kind() {
        return isFreshness() ? "freshness: " + freshness : severity.label();
    }
}
