package dev.rewind.connectors.archive.read;

import dev.rewind.connectors.archive.format.ArchiveDamage;
import dev.rewind.connectors.archive.format.ArchiveSummary;
import dev.rewind.connectors.archive.format.ContentHash;
import dev.rewind.connectors.archive.format.FrameIndex;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.archive.index.IndexingPass;

import com.google.common.io.ByteStreams;
import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.codec.FrameDecoders;
import dev.rewind.connectors.codec.FrameListener;
import dev.rewind.connectors.record.LineFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Random access into a framed archive: seeks to a frame's offset and decodes only the run of
 * frames asked for. The record reads go on past damage (the next frame that decodes) and pass
 * over the frames the sidecar knows to be damaged; {@link #openFrames} is strict. Stateless; each
 * call opens its own file handle.
 */
public final class ArchiveReader {
    private ArchiveReader() {
    }

    /**
     * The decoded bytes of frames {@code [from, to)} of {@code archive}; damage throws a
     * {@link dev.rewind.connectors.codec.CorruptArchiveException} after every byte before it.
     *
     * @throws IndexOutOfBoundsException when the run is not within the sidecar's frames
     */
    public static InputStream openFrames(Path archive, SidecarIndex index, int from, int to) throws IOException {
        List<FrameIndex> frames = index.frames();
        if (from < 0 || to > frames.size() || from >= to) {
            throw new IndexOutOfBoundsException("frames [" + from + ", " + to + ") of " + archive
                    + ", which has " + frames.size());
        }
        long start = frames.get(from).offset();
        FrameIndex last = frames.get(to - 1);
        long length = last.offset() + last.length() - start;
        FileChannel channel = FileChannel.open(archive, StandardOpenOption.READ);
        channel.position(start);
        InputStream bounded = ByteStreams.limit(Channels.newInputStream(channel), length);
        return FrameDecoders.open(index.summary().codec(), bounded, start, archive.toString(), FrameListener.NONE);
    }

    /** The records of frames {@code [from, to)}, parsed with the format the sidecar records. */
    public static FrameRecordReader records(Path archive, SidecarIndex index, int from, int to) throws IOException {
        FrameIndex first = index.frames().get(from);
        ArchiveSummary summary = index.summary();
        Instant fallback = first.minTimestamp() != null ? first.minTimestamp()
                : summary.pathDate() != null ? summary.pathDate().atStartOfDay(ZoneOffset.UTC).toInstant()
                : summary.minTimestamp() != null ? summary.minTimestamp() : Instant.EPOCH;
        int year = summary.pathDate() != null ? summary.pathDate().getYear() : fallback.atZone(ZoneOffset.UTC).getYear();
        long[] rawOffsets = index.frames().subList(from, to).stream().mapToLong(FrameIndex::rawOffset).toArray();
        FrameIndex last = index.frames().get(to - 1);
        return records(archive, summary.codec(), summary.format(), first.offset(),
                last.offset() + last.length() - first.offset(), rawOffsets, from, year, fallback, summary.damage());
    }

    /**
     * The records of a run of frames described without its sidecar (what a query split carries).
     *
     * @param offset          file offset of the run's first frame
     * @param length          compressed bytes of the run
     * @param frameRawOffsets raw offsets of the run's frames, the first being frame {@code firstFrame}
     * @param knownDamage     the damage the archive's sidecar records: not warned about again
     */
    public static FrameRecordReader records(Path archive, Codec codec, LineFormat format, long offset, long length,
                                            long[] frameRawOffsets, int firstFrame, int year, Instant fallback,
                                            List<ArchiveDamage> knownDamage) throws IOException {
        FileChannel channel = FileChannel.open(archive, StandardOpenOption.READ);
        channel.position(offset);
        InputStream bounded = ByteStreams.limit(Channels.newInputStream(channel), length);
        DamageWatch damage = new DamageWatch(archive.toString(), knownDamage);
        InputStream decoded = FrameDecoders.open(codec, bounded, offset, archive.toString(), FrameListener.NONE,
                damage.policy());
        return new FrameRecordReader(decoded, frameRawOffsets, firstFrame, format, year, fallback, damage);
    }

    /**
     * The records of a whole archive whose sidecar lacks the token index, building the full
     * sidecar on the way: every line and frame end goes to an {@link IndexingPass} too, and the
     * file's bytes are hashed, so {@link FrameRecordReader#finishIndexing} can write it at the end.
     *
     * @param knownDamage the damage the lean sidecar records: its damaged frames are passed over
     *                    and the damage recorded again in the full sidecar
     */
    public static FrameRecordReader recordsIndexing(Path archive, Codec codec, LineFormat format,
                                                    long[] frameRawOffsets, int year, Instant fallback,
                                                    List<ArchiveDamage> knownDamage) throws IOException {
        IndexingPass pass = IndexingPass.full(archive, codec, format);
        ContentHash.Reading hashed = new ContentHash.Reading(java.nio.file.Files.newInputStream(archive));
        DamageWatch damage = new DamageWatch(archive.toString(), knownDamage);
        InputStream decoded = FrameDecoders.open(codec, hashed, 0, archive.toString(), pass, damage.policy());
        return new FrameRecordReader(decoded, frameRawOffsets, 0, format, year, fallback, damage, pass, hashed);
    }
}
