package dev.rewind.connectors.archive.read;

import dev.rewind.connectors.archive.format.ArchiveDamage;
import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.ArchiveSummary;
import dev.rewind.connectors.archive.format.ContentHash;
import dev.rewind.connectors.archive.format.FrameIndex;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.archive.index.IndexingPass;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.codec.FrameDecoders;
import dev.rewind.connectors.codec.FrameListener;
import dev.rewind.connectors.record.LineFormat;
import dev.rewind.connectors.storage.IoCounts;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Random access into a framed archive: seeks to a frame's offset and decodes only the run of
 * frames asked for. The record reads go on past damage (the next frame that decodes) and pass
 * over the frames the sidecar knows to be damaged; {@link #openFrames} is strict. Every byte comes
 * through the archive's {@link dev.rewind.connectors.storage.Storage}: a local file's channel, or
 * a remote object's ranged reads (through the SSD tier where there is one). Stateless; each call
 * opens its own stream.
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
    public static InputStream openFrames(StoredFile archive, SidecarIndex index, int from, int to) throws IOException {
        List<FrameIndex> frames = index.frames();
        if (from < 0 || to > frames.size() || from >= to) {
            throw new IndexOutOfBoundsException("frames [" + from + ", " + to + ") of " + archive.path()
                    + ", which has " + frames.size());
        }
        long start = frames.get(from).offset();
        FrameIndex last = frames.get(to - 1);
        long length = last.offset() + last.length() - start;
        InputStream bounded = Storages.of(archive.path()).openRange(archive, start, length, IoCounts.IGNORED);
        return FrameDecoders.open(index.summary().codec(), bounded, start, archive.path().toString(), FrameListener.NONE);
    }

    public static InputStream openFrames(Path archive, SidecarIndex index, int from, int to) throws IOException {
        return openFrames(ArchiveFiles.stat(StoragePath.of(archive)), index, from, to);
    }

    /** The records of frames {@code [from, to)}, parsed with the format the sidecar records. */
    public static FrameRecordReader records(StoredFile archive, SidecarIndex index, int from, int to) throws IOException {
        FrameIndex first = index.frames().get(from);
        ArchiveSummary summary = index.summary();
        Instant fallback = first.minTimestamp() != null ? first.minTimestamp()
                : summary.pathDate() != null ? summary.pathDate().atStartOfDay(ZoneOffset.UTC).toInstant()
                : summary.minTimestamp() != null ? summary.minTimestamp() : Instant.EPOCH;
        int year = summary.pathDate() != null ? summary.pathDate().getYear() : fallback.atZone(ZoneOffset.UTC).getYear();
        long[] rawOffsets = index.frames().subList(from, to).stream().mapToLong(FrameIndex::rawOffset).toArray();
        FrameIndex last = index.frames().get(to - 1);
        return records(archive, summary.codec(), summary.format(), first.offset(),
                last.offset() + last.length() - first.offset(), rawOffsets, from, year, fallback, summary.damage(),
                IoCounts.IGNORED);
    }

    public static FrameRecordReader records(Path archive, SidecarIndex index, int from, int to) throws IOException {
        return records(ArchiveFiles.stat(StoragePath.of(archive)), index, from, to);
    }

    /**
     * The records of a run of frames described without its sidecar (what a query split carries).
     * Only the run's exact bytes are read: one ranged request (or cached regions) for a remote archive.
     *
     * @param offset          file offset of the run's first frame
     * @param length          compressed bytes of the run
     * @param frameRawOffsets raw offsets of the run's frames, the first being frame {@code firstFrame}
     * @param knownDamage     the damage the archive's sidecar records: not warned about again
     * @param counts          what the reads cost, for the query's stats
     */
    public static FrameRecordReader records(StoredFile archive, Codec codec, LineFormat format, long offset, long length,
                                            long[] frameRawOffsets, int firstFrame, int year, Instant fallback,
                                            List<ArchiveDamage> knownDamage, IoCounts counts) throws IOException {
        String name = archive.path().toString();
        InputStream bounded = Storages.of(archive.path()).openRange(archive, offset, length, counts);
        DamageWatch damage = new DamageWatch(name, knownDamage);
        InputStream decoded = FrameDecoders.open(codec, bounded, offset, name, FrameListener.NONE, damage.policy());
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
    public static FrameRecordReader recordsIndexing(StoredFile archive, Codec codec, LineFormat format,
                                                    long[] frameRawOffsets, int year, Instant fallback,
                                                    List<ArchiveDamage> knownDamage, IoCounts counts) throws IOException {
        String name = archive.path().toString();
        IndexingPass pass = IndexingPass.full(archive, codec, format);
        ContentHash.Reading hashed = new ContentHash.Reading(Storages.of(archive.path()).open(archive, counts));
        DamageWatch damage = new DamageWatch(name, knownDamage);
        InputStream decoded = FrameDecoders.open(codec, hashed, 0, name, pass, damage.policy());
        return new FrameRecordReader(decoded, frameRawOffsets, 0, format, year, fallback, damage, pass, hashed,
                archive);
    }
}
