package io.sparkfy.dw;

/**
 * Work that must go out after Ctrl-C (a rollback's record, a lease's release, a statement's cancel): run with the
 * thread's interrupt cleared, which the AWS SDK refuses to call on, and set again after, so the goal still ends as
 * interrupted.
 */
public final class InterruptSetAside {

    /** Work that may throw {@code E}. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T get() throws E;
    }

    private InterruptSetAside() {
    }

    public static <T, E extends Exception> T call(Work<T, E> work) throws E {
        boolean interrupted = Thread.interrupted();
        try {
            return work.get();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
