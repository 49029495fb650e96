package dev.rewind.bench.harness;

import java.lang.management.ManagementFactory;

/**
 * CPU time this process has used, on every thread (native ones too: DuckDB's, zstd's), in
 * nanoseconds. Beside wall time on a shared machine: another process's load stretches a run's
 * wall time but adds little to its CPU time.
 */
public final class ProcessCpu {
    private ProcessCpu() {
    }

    /** @return -1 when the JVM does not tell (not a HotSpot-style management bean) */
    public static long nanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
