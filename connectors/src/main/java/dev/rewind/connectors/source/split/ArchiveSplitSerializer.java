package dev.rewind.connectors.source.split;

import dev.rewind.connectors.archive.format.ArchiveDamage;
import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.record.LineFormat;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * Serializes splits for assignment and checkpoints. Version 4 adds the archive's version (length
 * and time); 3 the damage the sidecar knows; 2 where to write a completed index. All are still
 * read; stateless.
 */
public final class ArchiveSplitSerializer implements SimpleVersionedSerializer<ArchiveSplit> {
    public static final ArchiveSplitSerializer INSTANCE = new ArchiveSplitSerializer();
    private static final int VERSION = 4;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(ArchiveSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public ArchiveSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version < 2 || version > VERSION) {
            throw new IOException("archive split serialized with version " + version + "; this build reads 2 to " + VERSION);
        }
        return read(new DataInputDeserializer(serialized), version);
    }

    static void write(ArchiveSplit s, DataOutputView out) throws IOException {
        out.writeUTF(s.splitId());
        out.writeUTF(s.archive());
        out.writeUTF(s.codec().name());
        byte[] format = InstantiationUtil.serializeObject(s.format());
        out.writeInt(format.length);
        out.write(format);
        out.writeInt(s.year());
        out.writeLong(s.fallback().toEpochMilli());
        out.writeInt(s.firstFrame());
        out.writeLong(s.offset());
        out.writeLong(s.length());
        out.writeInt(s.frameRawOffsets().length);
        for (long o : s.frameRawOffsets()) {
            out.writeLong(o);
        }
        out.writeLong(s.minTimestamp().getEpochSecond());
        out.writeInt(s.minTimestamp().getNano());
        out.writeLong(s.maxTimestamp().getEpochSecond());
        out.writeInt(s.maxTimestamp().getNano());
        out.writeLong(s.rawBytes());
        out.writeLong(s.recordsToSkip());
        out.writeBoolean(s.indexTo() != null);
        if (s.indexTo() != null) {
            out.writeUTF(s.indexTo());
        }
        out.writeInt(s.knownDamage().size());
        for (ArchiveDamage d : s.knownDamage()) {
            out.writeLong(d.offset());
            out.writeLong(d.resumedAt());
            out.writeUTF(d.reason());
        }
        out.writeLong(s.archiveLength());
        out.writeLong(s.archiveModifiedMillis());
    }

    static ArchiveSplit read(DataInputView in, int version) throws IOException {
        String id = in.readUTF();
        String archive = in.readUTF();
        Codec codec = Codec.valueOf(in.readUTF());
        byte[] formatBytes = new byte[in.readInt()];
        in.readFully(formatBytes);
        LineFormat format;
        try {
            format = InstantiationUtil.deserializeObject(formatBytes, ArchiveSplitSerializer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IOException("cannot read the line format of split " + id, e);
        }
        int year = in.readInt();
        Instant fallback = Instant.ofEpochMilli(in.readLong());
        int firstFrame = in.readInt();
        long offset = in.readLong();
        long length = in.readLong();
        long[] rawOffsets = new long[in.readInt()];
        for (int i = 0; i < rawOffsets.length; i++) {
            rawOffsets[i] = in.readLong();
        }
        Instant min = Instant.ofEpochSecond(in.readLong(), in.readInt());
        Instant max = Instant.ofEpochSecond(in.readLong(), in.readInt());
        long rawBytes = in.readLong();
        long toSkip = in.readLong();
        String indexTo = in.readBoolean() ? in.readUTF() : null;
        List<ArchiveDamage> damage = new ArrayList<>();
        for (int i = version >= 3 ? in.readInt() : 0; i > 0; i--) { // version 2 knew of no damage
            damage.add(new ArchiveDamage(in.readLong(), in.readLong(), in.readUTF()));
        }
        long archiveLength = version >= 4 ? in.readLong() : -1; // older splits: found out when read
        long archiveModified = version >= 4 ? in.readLong() : 0;
        return new ArchiveSplit(id, archive, codec, format, year, fallback, firstFrame, offset, length, rawOffsets,
                min, max, rawBytes, toSkip, indexTo, damage, archiveLength, archiveModified);
    }
}
