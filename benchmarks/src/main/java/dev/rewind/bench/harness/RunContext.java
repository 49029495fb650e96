package dev.rewind.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a report says about the run it measured: the code, the machine's load, paths shown relative to the repository. */
public final class RunContext {
    private RunContext() {
    }

    /**
     * The commit measured, and whether the working tree differed from it: a table is only
     * comparable with another of the same code.
     */
    public static String codeVersion() {
        Path root = root();
        try {
            String head = ExternalCommand.of("git", "-C", root.toString(), "rev-parse", "--short", "HEAD").capture().strip();
            boolean dirty = !ExternalCommand.of("git", "-C", root.toString(), "status", "--porcelain", "--untracked-files=no")
                    .capture().isBlank();
            return "commit `" + head + "`" + (dirty ? " with uncommitted changes in the working tree" : "");
        } catch (IOException e) {
            return "unknown (no git repository at " + root + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The 1-minute load average, or "unknown" where there is no /proc (not Linux). */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** A path relative to the repository root when it is inside it: tables should not carry home paths. */
    public static Path display(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path root = root();
        return abs.startsWith(root) ? root.relativize(abs) : abs;
    }

    /** The repository root the run script passed in. */
    public static Path root() {
        return Path.of(System.getProperty("rewind.root", ".")).toAbsolutePath().normalize();
    }
}
