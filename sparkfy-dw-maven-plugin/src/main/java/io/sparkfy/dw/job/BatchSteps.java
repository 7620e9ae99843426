package io.sparkfy.dw.job;

import io.sparkfy.dw.schema.SqlStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of insert-dw's statements a run leaves out. Every write of insert_dw.sql is driven by the batch: the staging
 * tables, and the temporary tables filled from them. A staging table that holds what an earlier run merged is, for
 * this run, as good as empty (merging it again changes nothing), and a statement whose every batch input is empty
 * would write nothing: it is left out, and a temporary table it would have filled stays empty. An ANALYZE of a
 * star table runs when a statement before it in this run wrote that table (its statistics changed with it), an
 * ANALYZE of a batch table when that table has rows. Any other statement that names no batch input (a setting, a
 * temporary table's creation) always runs. Tables are found by name in the statement's text (the script's comments
 * are already stripped).
 */
final class BatchSteps {

    private static final Pattern TEMP_TABLE = Pattern.compile(
            "^CREATE\\s+TEMP(?:ORARY)?\\s+TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHOLE_DELETE = Pattern.compile("^DELETE\\s+FROM\\s+(\\w+)\\s*;?\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern WORD = Pattern.compile("\\w+");
    private static final Pattern ANALYZE = Pattern.compile("^ANALYZE\\s+(\\w+)\\s*;?\\s*$", Pattern.CASE_INSENSITIVE);

    private BatchSteps() {
    }

    /** The statements of {@code script} to run when the staging tables in {@code empty} count as empty. */
    static List<SqlStatement> toRun(List<SqlStatement> script, List<String> staging, Set<String> empty) {
        Set<String> batch = new HashSet<>(staging);
        for (SqlStatement statement : script) {
            Matcher temp = TEMP_TABLE.matcher(statement.sql().strip());
            if (temp.find()) {
                batch.add(temp.group(2).toLowerCase(Locale.ROOT));
            }
        }
        Set<String> emptyNow = new HashSet<>(empty);
        emptyNow.retainAll(staging);
        List<SqlStatement> run = new ArrayList<>();
        Set<String> written = new HashSet<>();
        for (SqlStatement statement : script) {
            String sql = statement.sql().strip();
            Matcher analyze = ANALYZE.matcher(sql);
            if (analyze.matches()) {
                String table = analyze.group(1).toLowerCase(Locale.ROOT);
                if (batch.contains(table) ? !emptyNow.contains(table) : written.contains(table)) {
                    run.add(statement);
                }
                continue;
            }
            Matcher temp = TEMP_TABLE.matcher(sql);
            if (temp.find()) { // created empty, unless it may be left from earlier in the session
                String name = temp.group(2).toLowerCase(Locale.ROOT);
                if (temp.group(1) == null) {
                    emptyNow.add(name);
                } else {
                    emptyNow.remove(name);
                }
                run.add(statement);
                continue;
            }
            String target = statement.targetTable();
            Set<String> inputs = new LinkedHashSet<>();
            Matcher word = WORD.matcher(sql);
            while (word.find()) {
                String name = word.group().toLowerCase(Locale.ROOT);
                if (batch.contains(name) && !name.equals(target)) {
                    inputs.add(name);
                }
            }
            if (!inputs.isEmpty() && emptyNow.containsAll(inputs)) {
                continue; // writes nothing: what it would write stays as it is (an empty temporary table stays empty)
            }
            run.add(statement);
            if (target != null) {
                written.add(target);
            }
            if (target != null && batch.contains(target) && !staging.contains(target)) {
                if (WHOLE_DELETE.matcher(sql).matches()) {
                    emptyNow.add(target);
                } else if (!statement.verb().equals("DELETE")) {
                    emptyNow.remove(target);
                }
            }
        }
        return run;
    }
}
