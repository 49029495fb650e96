package dev.rewind.job.archiver;

import java.util.List;

/**
 * The committable of the archiver's two-phase commit: one archive and its sidecar, both written in
 * full to the target's file system but not yet visible there, and what the manifest learns when
 * they are committed. The files are named by their final paths and by the file system's own
 * commit recoverables (serialized; for a local disk, a hidden temporary file to rename), which
 * survive in a checkpoint, so a restarted job can finish a commit a failure interrupted.
 *
 * @param archive            the archive's final path (URI string)
 * @param archiveRecoverable its commit recoverable, serialized with the writer's serializer
 * @param sidecar            the sidecar's final path ({@code <archive>.idx})
 * @param modifiedMillis     the modification time the sidecar recorded for the archive: the
 *                           committer gives the committed file this time where the file system
 *                           lets it, so the sidecar describes the archive exactly
 * @param ranges             the Kafka offsets the archive holds, per partition
 */
public record ArchivePart(String archive, Recoverable archiveRecoverable, String sidecar, Recoverable sidecarRecoverable,
                          long modifiedMillis, long lines, long rawBytes, long compressedBytes,
                          List<PartitionRange> ranges) {

    public ArchivePart {
        ranges = List.copyOf(ranges);
    }

    /** A file system's commit recoverable in its own serialized form. */
    public record Recoverable(int version, byte[] bytes) {
    }
}
