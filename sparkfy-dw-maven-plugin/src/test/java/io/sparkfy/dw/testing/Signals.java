package io.sparkfy.dw.testing;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ctrl-C for a child JVM: {@code kill -INT}. A process started in the background by a shell without job control
 * ({@code cmd &} in a script) ignores SIGINT, its children inherit that, and a JVM that starts with SIGINT ignored
 * never runs its shutdown hooks on it: such a test could only wait for nothing, so it is skipped, saying why.
 */
public final class Signals {

    private static final int SIGINT = 2;

    private Signals() {
    }

    /** Skips the test unless a child of this JVM can be sent Ctrl-C and see it. */
    public static void assumeCtrlCReachesChildren() throws IOException {
        assumeTrue(File.separatorChar == '/' && Files.exists(Path.of("/bin/kill")), "needs POSIX signals");
        assumeFalse(ignored(SIGINT), "SIGINT is ignored by this JVM, and so by its children (it was started in the"
                + " background by a shell without job control): Ctrl-C cannot be tested here");
    }

    /** Whether this process ignores the signal, from the kernel's mask of ignored signals (Linux). */
    static boolean ignored(int signal) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return new BigInteger(line.substring("SigIgn:".length()).strip(), 16).testBit(signal - 1);
            }
        }
        return false;
    }
}
