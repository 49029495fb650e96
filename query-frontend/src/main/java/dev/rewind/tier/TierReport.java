package dev.rewind.tier;

import dev.rewind.connectors.storage.StoragePath;
import java.util.List;

/**
 * What one run of {@link Tiering} did: the archives it moved (with their sidecars), those it would
 * move (a dry run), and those it refused, each with the reason. Immutable.
 *
 * @param moved   archives now only on the target (or, a dry run, that would be)
 * @param refused archives left where they were, and why
 * @param kept    old-enough-to-stay archives looked at: not older than the cut-off
 */
public record TierReport(List<Moved> moved, List<Refused> refused, int kept, boolean dryRun) {
    public TierReport {
        moved = List.copyOf(moved);
        refused = List.copyOf(refused);
    }

    /**
     * @param path    the archive below the local root
     * @param to      its copy
     * @param files   files moved: the archive, and its sidecar when it had one
     * @param bytes   their bytes
     * @param resumed the copy was found already made and verified (a run that stopped half-way)
     */
    public record Moved(String path, StoragePath to, int files, long bytes, boolean resumed) {
    }

    /** @param path below the local root */
    public record Refused(String path, String reason) {
    }

    public long bytes() {
        return moved.stream().mapToLong(Moved::bytes).sum();
    }

    public int files() {
        return moved.stream().mapToInt(Moved::files).sum();
    }
}
