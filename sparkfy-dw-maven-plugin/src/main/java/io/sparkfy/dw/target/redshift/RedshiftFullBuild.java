package io.sparkfy.dw.target.redshift;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.StepTimer;
import io.sparkfy.dw.schema.SqlStatement;
import io.sparkfy.dw.target.BuiltTable;
import io.sparkfy.dw.target.FullBuild;
import io.sparkfy.dw.target.FullBuildScripts;
import io.sparkfy.dw.target.SessionProgress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The fast full build on Redshift, in one session: the build's scripts one after the other in the goal's own
 * transaction, straight into the star's empty tables. Redshift enforces no keys, so there are none to build after
 * the rows, and no swap: the tables stay the same tables, with their grants and the views over them (late-binding
 * or not), and readers see the empty star until the goal commits, then the whole new one. What is fast about it is
 * the SQL (no merge against the star, each play ranked and matched once, user agents classified once). One
 * transaction, one session: a cluster spreads each statement over its slices already.
 */
public final class RedshiftFullBuild implements FullBuild {

    public RedshiftFullBuild() {
    }

    @Override
    public String obstacle(Connection connection, FullBuildScripts scripts) {
        return null; // the tables are kept: whatever is attached to them stays attached
    }

    @Override
    public List<BuiltTable> build(Connection connection, FullBuildScripts scripts, Log log, StepTimer timer)
            throws SQLException {
        for (SqlStatement statement : scripts.prepare()) {
            statement.execute(connection);
        }
        Map<String, List<LongSupplier>> rows = new LinkedHashMap<>(); // known at the latest once committed
        Map<String, Long> nanos = new LinkedHashMap<>();
        for (FullBuildScripts.Session session : scripts.sessions()) {
            long started = System.nanoTime();
            session.tables().forEach(table -> {
                rows.put(table, new ArrayList<>());
                nanos.put(table, 0L);
            });
            SessionProgress progress = new SessionProgress(log, timer, session);
            for (int i = 0; i < session.statements().size(); i++) {
                SqlStatement statement = session.statements().get(i);
                progress.before(i);
                long begun = System.nanoTime();
                LongSupplier written = statement.execute(connection);
                String table = statement.targetTable();
                if (rows.containsKey(table) && statement.verb().equals("INSERT")) {
                    rows.get(table).add(written);
                    nanos.merge(table, System.nanoTime() - begun, Long::sum);
                }
            }
            progress.filled(System.nanoTime() - started);
        }
        List<BuiltTable> built = new ArrayList<>();
        rows.forEach((table, counts) -> built.add(new BuiltTable(table,
                () -> counts.stream().mapToLong(LongSupplier::getAsLong).sum(), nanos.get(table))));
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
