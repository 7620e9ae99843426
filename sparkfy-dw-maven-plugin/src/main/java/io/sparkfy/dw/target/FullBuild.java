package io.sparkfy.dw.target;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.StepTimer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * How a target builds an EMPTY star from staging all at once (the fast full build), instead of merging staging into
 * it: the first load, or a reload into a recreated schema. The goal's own transaction, on the connection it hands
 * over, is what makes the new star visible: when it commits, readers see the new star; until then, or when anything
 * fails, they see the old (empty) one, never a part. One implementation per target, like {@code StagingLoader}.
 */
public interface FullBuild {

    /**
     * Null when this warehouse can take the fast path now; otherwise why not, in a few words (then insert-dw merges,
     * which gives the same rows). Asked in the goal's transaction, before anything is built.
     */
    String obstacle(Connection connection, FullBuildScripts scripts) throws SQLException;

    /**
     * Builds the star from staging; what it did is committed (or rolled back) with the goal's transaction on
     * {@code connection}. Returns each star table with the rows written, in the order the scripts fill them. Each
     * session tells its steps through a {@link SessionProgress} on {@code timer}, which the caller closes.
     */
    List<BuiltTable> build(Connection connection, FullBuildScripts scripts, Log log, StepTimer timer)
            throws SQLException;

    /** For a dry run: what the build would run, as commented blocks of statements. Connects to nothing. */
    List<PlanBlock> plan(FullBuildScripts scripts);

    /** A part of a dry run's plan: a heading said as a comment, then the statements of one transaction. */
    record PlanBlock(String heading, List<String> statements) {

        public PlanBlock {
            statements = List.copyOf(statements);
        }
    }
}
