package dev.rewind.job.archiver;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The archiver's exactly-once sink (Flink Sink V2 with a committer): {@link ArchivePartWriter}
 * writes framed zstd archives with their sidecars and hands them over at each checkpoint as
 * {@link ArchivePart}s; {@link ArchiveCommitter} makes them visible once the checkpoint is
 * complete, then moves the manifest. Checkpoints drive commits: a line is in a committed archive
 * exactly when the checkpoint after it completed, and a restart from that checkpoint reads on from
 * the offsets it holds.
 *
 * <p>Files go through the target's Flink file system and its {@link RecoverableWriter} (a local
 * disk, HDFS, {@code s3a://}); a file system without one (Presto's {@code s3p://}) is refused when
 * the writer starts, with its name.
 */
final class ArchiveSink implements Sink<ArchiveLine>, SupportsCommitter<ArchivePart>,
        SupportsWriterState<ArchiveLine, Long> {
    private static final long serialVersionUID = 1L;

    private final ArchiveLayout layout;
    private final int frameSize;

    ArchiveSink(ArchiveLayout layout, int frameSize) {
        this.layout = layout;
        this.frameSize = frameSize;
    }

    @Override
    public StatefulSinkWriter<ArchiveLine, Long> createWriter(WriterInitContext context) throws IOException {
        return restoreWriter(context, java.util.List.of());
    }

    @Override
    public StatefulSinkWriter<ArchiveLine, Long> restoreWriter(WriterInitContext context, Collection<Long> state)
            throws IOException {
        long newest = state.stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
        return new ArchivePartWriter(layout, recoverableWriter(layout), context.getTaskInfo().getIndexOfThisSubtask(),
                frameSize, newest, ArchiverMetrics.linesIn(context.metricGroup()));
    }

    static RecoverableWriter recoverableWriter(ArchiveLayout layout) throws IOException {
        Path root = new Path(layout.root());
        try {
            return root.getFileSystem().createRecoverableWriter();
        } catch (UnsupportedOperationException e) {
            throw new IOException("the file system of " + layout.root() + " has no recoverable writer, which exactly-once "
                    + "archiving needs (for S3, use the s3a:// scheme of flink-s3-fs-hadoop, not s3p://)", e);
        }
    }

    @Override
    public Committer<ArchivePart> createCommitter(CommitterInitContext context) throws IOException {
        return new ArchiveCommitter(layout, new ArchiverMetrics.Commits(context.metricGroup()));
    }

    @Override
    public SimpleVersionedSerializer<ArchivePart> getCommittableSerializer() {
        return ArchivePartSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<Long> getWriterStateSerializer() {
        return NewestWindowSerializer.INSTANCE;
    }

    /** The writer's state: the start of the newest window it has seen. */
    static final class NewestWindowSerializer implements SimpleVersionedSerializer<Long> {
        static final NewestWindowSerializer INSTANCE = new NewestWindowSerializer();

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Long window) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(8);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeLong(window);
            }
            return bytes.toByteArray();
        }

        @Override
        public Long deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return in.readLong();
            }
        }
    }
}
