package dev.rewind.job.archiver;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** {@link ArchivePart}s in checkpoints. Version 1. */
final class ArchivePartSerializer implements SimpleVersionedSerializer<ArchivePart> {
    static final ArchivePartSerializer INSTANCE = new ArchivePartSerializer();

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(ArchivePart part) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(part.archive());
            writeRecoverable(out, part.archiveRecoverable());
            out.writeUTF(part.sidecar());
            writeRecoverable(out, part.sidecarRecoverable());
            out.writeLong(part.modifiedMillis());
            out.writeLong(part.lines());
            out.writeLong(part.rawBytes());
            out.writeLong(part.compressedBytes());
            out.writeInt(part.ranges().size());
            for (PartitionRange r : part.ranges()) {
                out.writeInt(r.partition());
                out.writeLong(r.first());
                out.writeLong(r.last());
                out.writeLong(r.newestMillis());
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public ArchivePart deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("archive part serialized with version " + version + "; this build reads version 1");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            String archive = in.readUTF();
            ArchivePart.Recoverable archiveRecoverable = readRecoverable(in);
            String sidecar = in.readUTF();
            ArchivePart.Recoverable sidecarRecoverable = readRecoverable(in);
            long modified = in.readLong();
            long lines = in.readLong();
            long raw = in.readLong();
            long compressed = in.readLong();
            int n = in.readInt();
            List<PartitionRange> ranges = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ranges.add(new PartitionRange(in.readInt(), in.readLong(), in.readLong(), in.readLong()));
            }
            return new ArchivePart(archive, archiveRecoverable, sidecar, sidecarRecoverable, modified, lines, raw,
                    compressed, ranges);
        }
    }

    private static void writeRecoverable(DataOutputStream out, ArchivePart.Recoverable r) throws IOException {
        out.writeInt(r.version());
        out.writeInt(r.bytes().length);
        out.write(r.bytes());
    }

    private static ArchivePart.Recoverable readRecoverable(DataInputStream in) throws IOException {
        int version = in.readInt();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new ArchivePart.Recoverable(version, bytes);
    }
}
