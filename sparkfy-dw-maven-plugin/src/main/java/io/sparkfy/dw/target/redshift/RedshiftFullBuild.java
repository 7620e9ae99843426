package io.sparkfy.dw.target.redshift;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.schema.SqlStatement;
import io.sparkfy.dw.target.BuiltTable;
import io.sparkfy.dw.target.FullBuild;
import io.sparkfy.dw.target.FullBuildScripts;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fast full build on Redshift, in one session: the build's scripts one after the other in the goal's own
 * transaction, straight into the star's empty tables. Redshift enforces no keys, so there are none to build after
 * the rows, and no swap: the tables stay the same tables, with their grants and the views over them (late-binding
 * or not), and readers see the empty star until the goal commits, then the whole new one. What is fast about it is
 * the SQL (no merge against the star, each play ranked and matched once, user agents classified once). One
 * transaction, one session: a cluster spreads each statement over its slices already.
 */
final class RedshiftFullBuild implements FullBuild {

    @Override
    public String obstacle(Connection connection, FullBuildScripts scripts) {
        return null; // the tables are kept: whatever is attached to them stays attached
    }

    @Override
    public List<BuiltTable> build(Connection connection, FullBuildScripts scripts, Log log) throws SQLException {
        for (SqlStatement statement : scripts.prepare()) {
            statement.execute(connection);
        }
        Map<String, long[]> tables = new LinkedHashMap<>(); // table -> {rows, nanos}
        for (FullBuildScripts.Session session : scripts.sessions()) {
            long started = System.nanoTime();
            session.tables().forEach(table -> tables.put(table, new long[2]));
            for (SqlStatement statement : session.statements()) {
                long begun = System.nanoTime();
                int rows = statement.execute(connection);
                long[] sums = tables.get(statement.targetTable());
                if (sums != null && statement.verb().equals("INSERT")) {
                    sums[0] += rows;
                    sums[1] += System.nanoTime() - begun;
                }
            }
            log.info(String.format("insert-dw: %s filled %s in %.2f s", session.script(),
                    String.join(", ", session.tables()), (System.nanoTime() - started) / 1e9));
        }
        List<BuiltTable> built = new ArrayList<>();
        tables.forEach((table, sums) -> built.add(new BuiltTable(table, sums[0], sums[1])));
        return built;
    }

    @Override
    public List<PlanBlock> plan(FullBuildScripts scripts) {
        List<String> statements = new ArrayList<>();
        scripts.prepare().forEach(statement -> statements.add(statement.sql()));
        for (FullBuildScripts.Session session : scripts.sessions()) {
            statements.add("-- " + session.script() + ": " + String.join(", ", session.tables()));
            session.statements().forEach(statement -> statements.add(statement.sql()));
        }
        return List.of(new PlanBlock("fast full build, in the goal's own transaction, straight into the empty star"
                + " tables (one session; no keys to build, no swap)", statements));
    }
}
