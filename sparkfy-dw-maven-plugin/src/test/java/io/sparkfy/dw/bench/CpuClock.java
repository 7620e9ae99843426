package io.sparkfy.dw.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

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

    /**
     * The server whose data folder this is: its postmaster (from postmaster.pid) and the postmaster's children.
     * A backend that ends while /proc is read can be missed (read before it moved into the postmaster's cutime,
     * gone when its own turn came), so the figure is read until two readings 50 ms apart agree.
     */
    static double server(Path dataDirectory) {
        double last = serverOnce(dataDirectory);
        for (int i = 0; i < 40; i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            double now = serverOnce(dataDirectory);
            if (now == last || Double.isNaN(now)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static double serverOnce(Path dataDirectory) {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
            try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                return processes.filter(p -> p.getFileName().toString().matches("\\d+"))
                        .mapToLong(p -> {
                            long[] stat = stat(p);
                            return p.getFileName().toString().equals(Long.toString(postmaster))
                                    || stat[0] == postmaster ? stat[1] : 0;
                        }).sum() / TICKS_PER_SECOND;
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN; // not Linux, or no server running
        }
    }

    /**
     * {parent pid, utime + stime + cutime + cstime}: the process's own time and that of the children it has waited
     * for (backends that ended), or zeros when it ended meanwhile.
     */
    private static long[] stat(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is the state (field 3 of proc(5)): ppid (4) is 1, utime..cstime (14..17) are 11..14
            return new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[11]) + Long.parseLong(fields[12])
                    + Long.parseLong(fields[13]) + Long.parseLong(fields[14])};
        } catch (IOException | RuntimeException e) {
            return new long[2];
        }
    }
}
