package dev.rewind.job.archiver;

import dev.rewind.connectors.archive.write.ArchiveStreamWriter;
import dev.rewind.connectors.archive.write.ArchiveWriter;
import dev.rewind.connectors.codec.Codec;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * One archive being written: framed zstd through the file system's recoverable writer (a hidden
 * temporary file on a local disk, a multipart upload on S3), its sidecar built in the same pass.
 * {@link #close()} finishes both files without making them visible and returns the committable
 * naming them. Not thread-safe.
 */
final class OpenPart {
    private final long window;
    private final Path archive;
    private final RecoverableWriter files;
    private final RecoverableFsDataOutputStream out;
    private final ArchiveStreamWriter frames;
    private final Map<Integer, PartitionRange> ranges = new TreeMap<>();
    private byte[] scratch = new byte[4096];

    private OpenPart(long window, Path archive, RecoverableWriter files, RecoverableFsDataOutputStream out,
                     ArchiveStreamWriter frames) {
        this.window = window;
        this.archive = archive;
        this.files = files;
        this.out = out;
        this.frames = frames;
    }

    static OpenPart open(ArchiveLayout layout, RecoverableWriter files, long window, int subtask, int frameSize)
            throws IOException {
        Path archive = layout.newArchive(window, subtask);
        RecoverableFsDataOutputStream out = files.open(archive);
        ArchiveStreamWriter frames = ArchiveWriter.builder().codec(Codec.ZSTD).frameSize(frameSize)
                .openStream(out, layout.dateOf(window));
        return new OpenPart(window, archive, files, out, frames);
    }

    long window() {
        return window;
    }

    /** Adds the line, with a newline (Kafka holds lines without one). */
    void write(ArchiveLine line) throws IOException {
        byte[] value = line.value();
        int length = value.length;
        if (scratch.length < length + 1) {
            scratch = new byte[Math.max(length + 1, scratch.length * 2)];
        }
        System.arraycopy(value, 0, scratch, 0, length);
        scratch[length] = '\n';
        frames.writeLine(scratch, 0, length + 1);
        ranges.merge(line.partition(), new PartitionRange(line.partition(), line.offset(), line.offset(), line.timeMillis()),
                (had, now) -> had.plus(line.offset(), line.timeMillis()));
    }

    long lines() {
        return frames.lines();
    }

    /**
     * Finishes the archive, then writes its sidecar, both ready to commit and neither visible. The
     * sidecar records the modification time the committer will give the archive.
     */
    ArchivePart close() throws IOException {
        frames.finish();
        RecoverableFsDataOutputStream.Committer archiveDone = out.closeForCommit();
        Path sidecar = ArchiveLayout.sidecarOf(archive);
        long modified = System.currentTimeMillis();
        RecoverableFsDataOutputStream sidecarOut = files.open(sidecar);
        RecoverableFsDataOutputStream.Committer sidecarDone;
        try {
            frames.writeSidecar(new KeepOpen(sidecarOut), frames.identity(archive.getName(), modified));
            sidecarDone = sidecarOut.closeForCommit();
        } catch (IOException | RuntimeException e) {
            sidecarOut.close();
            throw e;
        }
        SimpleVersionedSerializer<RecoverableWriter.CommitRecoverable> serializer = files.getCommitRecoverableSerializer();
        return new ArchivePart(archive.toString(), recoverable(serializer, archiveDone), sidecar.toString(),
                recoverable(serializer, sidecarDone), modified, frames.lines(), frames.rawBytes(),
                frames.compressedBytes(), new ArrayList<>(ranges.values()));
    }

    /** Drops the archive: its temporary file is never committed (a job going down between checkpoints). */
    void abandon() {
        frames.discard();
        try {
            out.close();
        } catch (IOException e) {
            // nothing to keep: the lines are read again from the checkpoint's offsets
        }
    }

    private static ArchivePart.Recoverable recoverable(SimpleVersionedSerializer<RecoverableWriter.CommitRecoverable> s,
                                                       RecoverableFsDataOutputStream.Committer c) throws IOException {
        return new ArchivePart.Recoverable(s.getVersion(), s.serialize(c.getRecoverable()));
    }

    /** The sidecar writer closes what it is given; the recoverable stream must be closed for commit instead. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
