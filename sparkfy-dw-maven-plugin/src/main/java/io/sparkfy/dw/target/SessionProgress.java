package io.sparkfy.dw.target;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.StepTimer;

/**
 * What one session of a fast full build is doing, for the build log: a line as it begins each step of its script,
 * or a table's keys, and, on its own lane of the goal's {@link StepTimer}, every few seconds how long the step has
 * run. In memory only: it costs no round trip to the warehouse. Used from the session's own thread.
 */
public final class SessionProgress {

    private final Log log;
    private final FullBuildScripts.Session session;
    private final StepTimer.Lane lane;
    private final long steps;
    private int begun;

    public SessionProgress(Log log, StepTimer timer, FullBuildScripts.Session session) {
        this.log = log;
        this.session = session;
        this.lane = timer.lane(session.script());
        this.steps = session.stepCount();
    }

    /** Before the statement at {@code index} of the session's script: the step it begins, if any, is told. */
    public void before(int index) {
        String step = session.steps().get(index);
        if (step != null) {
            log.info(String.format("insert-dw: %s: step %d of %d: %s", session.script(), ++begun, steps, step));
            lane.step(step);
        }
    }

    /** The session's script ran, in {@code nanos}: its tables are filled. */
    public void filled(long nanos) {
        lane.idle();
        log.info(String.format("insert-dw: %s filled %s in %.2f s", session.script(),
                String.join(", ", session.tables()), nanos / 1e9));
    }

    /** The session builds the keys of {@code table}, the {@code nth} of the build's {@code tables}. */
    public void keys(String table, int nth, int tables) {
        log.info(String.format("insert-dw: %s: the keys of %s (%d of %d tables)", session.script(), table, nth,
                tables));
        lane.step("the keys of " + table);
    }

    /** The session runs nothing now (it waits for keys to build, or it is done). */
    public void idle() {
        lane.idle();
    }
}
