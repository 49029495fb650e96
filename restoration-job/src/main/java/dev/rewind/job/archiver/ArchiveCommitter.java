package dev.rewind.job.archiver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The committing half of the archiver's sink, called once a checkpoint is complete with the
 * archives written before it (and, after a restart, with those of the restored checkpoint again).
 * One commit, in this order:
 *
 * <ol>
 *   <li>the manifest names the archives about to appear as pending;</li>
 *   <li>each archive's sidecar is committed, then the archive itself;</li>
 *   <li>the manifest takes the new offsets and counts, nothing pending: the watermark moves.</li>
 * </ol>
 *
 * <p><b>Why the sidecar before the archive.</b> A catalog lists archive files: a sidecar without
 * its archive is nothing to it, while an archive without its sidecar is work (it queues it and
 * indexes it itself, writing the very sidecar we are about to put there). So the archive's
 * appearance is the commit point, and a reader never sees an archive without its index, nor uses
 * an index without its archive. A failure between the two leaves a lone sidecar, harmless, that the
 * restarted job's commit completes. (DESIGN.md said "archive first, sidecar last as the marker",
 * which is right for a reader that lists sidecars; Rewind's catalog lists archives.) The manifest
 * does the same for readers that follow it: pending archives are left out until it moves.
 *
 * <p>Every step can be repeated: the file system's {@code commitAfterRecovery} accepts a file
 * committed already, an archive found in place is counted once, and the manifest's offsets only
 * grow. A step that fails fails the job, which restarts from its last checkpoint and commits the
 * same archives again; the manifest never covers an archive that is not in place.
 */
final class ArchiveCommitter implements Committer<ArchivePart> {
    private final ArchiveLayout layout;
    private final ManifestStore manifests;
    private final RecoverableWriter files;
    private final FileSystem fs;
    private final ArchiverMetrics.Commits metrics;

    ArchiveCommitter(ArchiveLayout layout, ArchiverMetrics.Commits metrics) throws IOException {
        this.layout = layout;
        this.manifests = new ManifestStore(layout);
        Path root = new Path(layout.root());
        this.fs = root.getFileSystem();
        this.files = fs.createRecoverableWriter();
        this.metrics = metrics;
    }

    @Override
    public void commit(Collection<CommitRequest<ArchivePart>> requests) throws IOException {
        if (requests.isEmpty()) {
            return;
        }
        List<ArchivePart> parts = requests.stream().map(CommitRequest::getCommittable).toList();
        ArchiveManifest before = manifests.read();
        manifests.write(before.announcing(parts.stream().map(p -> layout.relative(new Path(p.archive()))).toList()));
        List<ArchivePart> fresh = new ArrayList<>();
        for (CommitRequest<ArchivePart> request : requests) {
            ArchivePart part = request.getCommittable();
            Path archive = new Path(part.archive());
            boolean inPlace = fs.exists(archive);
            if (!inPlace) {
                commit(part.sidecarRecoverable(), part.sidecar());
                commit(part.archiveRecoverable(), part.archive());
                fresh.add(part);
            }
            keepModificationTime(archive, part.modifiedMillis());
            if (inPlace) {
                request.signalAlreadyCommitted();
            }
        }
        Instant now = Instant.now();
        manifests.write(before.committed(parts, fresh, now));
        metrics.committed(fresh, now);
    }

    private void commit(ArchivePart.Recoverable recoverable, String file) throws IOException {
        SimpleVersionedSerializer<RecoverableWriter.CommitRecoverable> serializer = files.getCommitRecoverableSerializer();
        RecoverableWriter.CommitRecoverable r = serializer.deserialize(recoverable.version(), recoverable.bytes());
        try {
            files.recoverForCommit(r).commitAfterRecovery();
        } catch (IOException e) {
            throw new IOException("cannot commit " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Gives a committed archive on a local disk the modification time its sidecar recorded, so the
     * sidecar describes it as it is (a catalog that finds another time reads the whole file to
     * check its content hash). Object stores set their own times; there it stays a one-time check.
     */
    private void keepModificationTime(Path archive, long millis) throws IOException {
        if (!"file".equals(archive.toUri().getScheme())) { // the target is always a URI (ArchiverJob.Builder)
            return;
        }
        java.nio.file.Path local = Paths.get(archive.toUri().getPath());
        if (Files.exists(local)) {
            Files.setLastModifiedTime(local, FileTime.fromMillis(millis));
        }
    }

    @Override
    public void close() {
    }
}
