package dev.rewind.job.archiver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 *   <li>each archive is committed, then its sidecar, last;</li>
 *   <li>the manifest takes the new offsets and counts, nothing pending: the watermark moves.</li>
 * </ol>
 *
 * <p><b>Why the archive before the sidecar.</b> The sidecar is the marker of a complete pair: an
 * index never describes an archive that is not there. An archive without its sidecar exists for a
 * moment (or, after a failure, until the restarted job's commit completes the pair); no reader
 * shows it: the manifest names it as pending until both files are in place (readers that follow
 * the manifest leave pending archives out), and the catalog leaves out, in a folder the archiver
 * writes to, any archive whose sidecar is not beside it, rather than taking it for a foreign
 * archive to index itself. So a reader never sees an archive without its index, nor an index
 * without its archive.
 *
 * <p>Every step can be repeated: each file is committed unless it is in place already (names are
 * unique per attempt, so a file in place is this one), an archive is counted once (it counts when
 * this commit made a file of it visible or found it announced as pending, so not yet counted),
 * and the manifest's offsets only grow. A step that fails fails the job, which restarts from its
 * last checkpoint and commits the same archives again; the manifest never covers an archive that
 * is not in place with its sidecar.
 */
final class ArchiveCommitter implements Committer<ArchivePart> {
    /** A moment of a commit, for tests that look at the target then, or fail the commit there. */
    enum Step { ANNOUNCED, ARCHIVE_COMMITTED, SIDECAR_COMMITTED }

    /** Told of each step as it completes. */
    interface Observer {
        Observer NONE = (step, part) -> { };

        void after(Step step, ArchivePart part) throws IOException;
    }

    private final ArchiveLayout layout;
    private final ManifestStore manifests;
    private final RecoverableWriter files;
    private final FileSystem fs;
    private final ArchiverMetrics.Commits metrics;
    private final Observer observer;

    ArchiveCommitter(ArchiveLayout layout, ArchiverMetrics.Commits metrics) throws IOException {
        this(layout, metrics, Observer.NONE);
    }

    ArchiveCommitter(ArchiveLayout layout, ArchiverMetrics.Commits metrics, Observer observer) throws IOException {
        this.layout = layout;
        this.manifests = new ManifestStore(layout);
        Path root = new Path(layout.root());
        this.fs = root.getFileSystem();
        this.files = ArchiveSink.recoverableWriter(layout);
        this.metrics = metrics;
        this.observer = observer;
    }

    @Override
    public void commit(Collection<CommitRequest<ArchivePart>> requests) throws IOException {
        if (requests.isEmpty()) {
            return;
        }
        List<ArchivePart> parts = requests.stream().map(CommitRequest::getCommittable).toList();
        ArchiveManifest before = manifests.read();
        Set<String> announcedBefore = new HashSet<>(before.pending());
        // The final write builds on the announcing one, so each write has a sequence of its own: a
        // reader that saw the announcement must see the commit as a change (ArchiverListing).
        ArchiveManifest announced = before.announcing(parts.stream().map(p -> layout.relative(new Path(p.archive()))).toList());
        manifests.write(announced);
        for (ArchivePart part : parts) {
            observer.after(Step.ANNOUNCED, part);
        }
        List<ArchivePart> fresh = new ArrayList<>();
        for (CommitRequest<ArchivePart> request : requests) {
            ArchivePart part = request.getCommittable();
            Path archive = new Path(part.archive());
            boolean archiveCommitted = commitUnlessInPlace(part.archiveRecoverable(), archive);
            keepModificationTime(archive, part.modifiedMillis());
            observer.after(Step.ARCHIVE_COMMITTED, part);
            boolean sidecarCommitted = commitUnlessInPlace(part.sidecarRecoverable(), new Path(part.sidecar()));
            observer.after(Step.SIDECAR_COMMITTED, part);
            if (archiveCommitted || sidecarCommitted || announcedBefore.contains(layout.relative(archive))) {
                fresh.add(part);
            } else {
                request.signalAlreadyCommitted();
            }
        }
        Instant now = Instant.now();
        manifests.write(announced.committed(parts, fresh, now));
        metrics.committed(fresh, now);
    }

    /** Commits {@code file} unless it is in place already; says whether it did. */
    private boolean commitUnlessInPlace(ArchivePart.Recoverable recoverable, Path file) throws IOException {
        if (fs.exists(file)) {
            return false;
        }
        commit(recoverable, file.toString());
        return true;
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
