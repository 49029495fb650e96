package dev.rewind.connectors.source.enumerator;

import dev.rewind.connectors.source.split.ArchiveSplit;
import dev.rewind.connectors.source.split.ArchiveSplitSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serializes the enumerator's checkpoint (version 1): the pending splits, each as its split bytes. */
public final class ArchiveEnumeratorStateSerializer implements SimpleVersionedSerializer<ArchiveEnumeratorState> {
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(ArchiveEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        out.writeInt(ArchiveSplitSerializer.INSTANCE.getVersion());
        out.writeInt(state.pending().size());
        for (ArchiveSplit split : state.pending()) {
            byte[] bytes = ArchiveSplitSerializer.INSTANCE.serialize(split);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public ArchiveEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("archive enumerator state of version " + version + "; this build reads " + VERSION);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int splitVersion = in.readInt();
        int n = in.readInt();
        List<ArchiveSplit> pending = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            pending.add(ArchiveSplitSerializer.INSTANCE.deserialize(splitVersion, bytes));
        }
        return new ArchiveEnumeratorState(pending);
    }
}
