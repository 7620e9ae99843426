package io.sparkfy.dw.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds spent so far by this JVM and by the embedded PostgreSQL it started (the postmaster, its live
 * backends, and the backends it has reaped), so the benchmark can say how much work each step is, not only how
 * long it took. The server's figure comes from /proc; elsewhere it is NaN.
 */
final class CpuClock {

    /** Linux reports process times in USER_HZ ticks, 100 a second on every platform the JDK runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private CpuClock() {
    }

    static double jvm() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    static double server() {
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return Double.NaN;
        }
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(CpuClock::ticks).sum() / TICKS_PER_SECOND;
    }

    /** utime + stime of the process and cutime + cstime of the children it has waited for. */
    private static long ticks(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is the state (field 3 of proc(5)), so utime..cstime (14..17) are 11..14
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException e) {
            return 0; // exited meanwhile: its time is in its parent's cutime now
        }
    }
}
