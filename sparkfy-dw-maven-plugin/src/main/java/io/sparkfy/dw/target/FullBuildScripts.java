package io.sparkfy.dw.target;

import io.sparkfy.dw.schema.SqlStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The fast full build's SQL for one dialect, as the schema artifact declares it: what readies staging, then the
 * sessions, each filling some of the star tables from staging alone (together every one of them, each once).
 */
public record FullBuildScripts(List<String> starTables, List<SqlStatement> prepare, List<Session> sessions) {

    public FullBuildScripts {
        starTables = List.copyOf(starTables);
        prepare = List.copyOf(prepare);
        sessions = List.copyOf(sessions);
    }

    /**
     * One script of the build: its statements, the star tables it fills (those it INSERTs into), and where its
     * steps begin ({@code steps}, one per statement: the step's name at the statement that begins it, else null).
     */
    public record Session(String script, List<SqlStatement> statements, List<String> tables, List<String> steps) {

        public Session {
            statements = List.copyOf(statements);
            tables = List.copyOf(tables);
            if (steps.size() != statements.size()) {
                throw new IllegalArgumentException(script + ": " + steps.size() + " step names for "
                        + statements.size() + " statements");
            }
            steps = Collections.unmodifiableList(new ArrayList<>(steps)); // nulls allowed
        }

        /**
         * The star tables among {@code starTables} that the statements insert into, in the order they do; the
         * step of each statement is {@code stepOf}'s (null: none, or the one before goes on).
         */
        public static Session of(String script, List<SqlStatement> statements, List<String> starTables,
                                 List<String> stepOf) {
            Set<String> filled = new LinkedHashSet<>();
            for (SqlStatement statement : statements) {
                String target = statement.targetTable();
                if (target != null && statement.verb().toUpperCase(Locale.ROOT).equals("INSERT")
                        && starTables.contains(target)) {
                    filled.add(target);
                }
            }
            List<String> steps = new ArrayList<>();
            String current = null;
            for (String step : stepOf) {
                steps.add(step == null || step.equals(current) ? null : step);
                current = step == null ? current : step;
            }
            return new Session(script, statements, new ArrayList<>(filled), steps);
        }

        /** How many steps the script has. */
        public long stepCount() {
            return steps.stream().filter(Objects::nonNull).count();
        }
    }

    /**
     * Null when the sessions fill every star table, each in one session; otherwise what is wrong, for the line that
     * says insert-dw merges instead (a schema version that adds a star table without its fast build, say).
     */
    public String gap() {
        List<String> seen = new ArrayList<>();
        for (Session session : sessions) {
            for (String table : session.tables()) {
                if (seen.contains(table)) {
                    return table + " is filled by two of its scripts";
                }
                seen.add(table);
            }
        }
        List<String> missing = new ArrayList<>(starTables);
        missing.removeAll(seen);
        return missing.isEmpty() ? null : "its scripts fill no " + String.join(", ", missing);
    }
}
