package dev.rewind.bench.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The machine a table was measured on, for its header: numbers mean little without it. */
public record MachineInfo(int cores, String cpu, long memoryBytes, String os, String java, List<String> tools) {

    /** This machine, with the versions of the tools compared against ("zstd 1.5.4"). */
    public static MachineInfo current(List<String> toolVersions) {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : 0;
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), cpuModel(), memory,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                List.copyOf(toolVersions));
    }

    /** One line: cores, CPU, memory, OS, Java, tools. */
    public String describe() {
        String memory = memoryBytes > 0 ? String.format(Locale.ROOT, ", %.1f GiB RAM", memoryBytes / (double) (1L << 30)) : "";
        return String.format(Locale.ROOT, "%d cores (%s)%s, %s, %s", cores, cpu, memory, os, java)
                + (tools.isEmpty() ? "" : "; " + String.join(", ", tools));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch"); // not Linux: the architecture is all we know
        }
    }
}
