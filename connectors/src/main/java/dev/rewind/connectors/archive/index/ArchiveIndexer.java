package dev.rewind.connectors.archive.index;

import dev.rewind.connectors.archive.format.Framing;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.ArchiveSummary;
import dev.rewind.connectors.archive.format.ContentHash;
import dev.rewind.connectors.archive.format.LineReader;
import dev.rewind.connectors.archive.format.PathDates;
import dev.rewind.connectors.archive.format.SidecarBuilder;
import dev.rewind.connectors.archive.format.SidecarIndex;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.codec.CorruptArchiveException;
import dev.rewind.connectors.codec.Damage;
import dev.rewind.connectors.codec.DamageListener;
import dev.rewind.connectors.codec.DamagePolicy;
import dev.rewind.connectors.codec.FrameDecoders;
import dev.rewind.connectors.codec.FrameListener;
import dev.rewind.connectors.record.LineFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import dev.rewind.connectors.storage.IoCounts;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Indexes an archive another tool wrote (a {@code .json.gz} export, a logrotate {@code .gz}, a
 * {@code .zst} or {@code .lz4} file, plain text) in one streaming pass, writing the same sidecar
 * the framed writer writes. Frames are the file's own frames where they end on a line boundary
 * (frames that cut a line are merged with the next); plain text is cut into virtual frames of
 * {@link Framing#DEFAULT_FRAME_SIZE}, since it can be read from any offset. Thread-safe: each
 * call is independent.
 */
public final class ArchiveIndexer {
    private final LineFormat format;
    private final StoragePath indexDir;
    private final double bloomFpp;
    private final int plainFrameSize;
    private final boolean tokens;

    private ArchiveIndexer(LineFormat format, StoragePath indexDir, double bloomFpp, int plainFrameSize, boolean tokens) {
        this.format = format;
        this.indexDir = indexDir;
        this.bloomFpp = bloomFpp;
        this.plainFrameSize = plainFrameSize;
        this.tokens = tokens;
    }

    /**
     * @param format   the lines' format, or null to detect it from the first lines
     * @param indexDir where sidecars go, or null for beside each archive
     */
    public static ArchiveIndexer create(LineFormat format, Path indexDir) {
        return writingTo(format, indexDir == null ? null : StoragePath.of(indexDir));
    }

    /** The same, with an index directory anywhere (a local path or a URI). */
    public static ArchiveIndexer writingTo(LineFormat format, StoragePath indexDir) {
        return new ArchiveIndexer(format, indexDir, Framing.DEFAULT_BLOOM_FPP, Framing.DEFAULT_FRAME_SIZE, true);
    }

    /**
     * An indexer whose sidecars leave out the token bloom filters ({@link ArchiveSummary#tokensIndexed()}
     * false): time, levels, services, hours and error types, at a fraction of the cost, since hashing
     * every token is most of indexing. A later full pass adds them; until then a text search reads
     * these archives' frames without skipping any.
     */
    public ArchiveIndexer withoutTokens() {
        return new ArchiveIndexer(format, indexDir, bloomFpp, plainFrameSize, false);
    }

    /** Where this indexer puts the sidecar of {@code archive}. */
    public StoragePath sidecarPath(StoragePath archive) {
        return indexDir == null ? ArchiveFiles.sidecarBeside(archive) : ArchiveFiles.sidecarIn(indexDir, archive);
    }

    public Path sidecarPath(Path archive) {
        return sidecarPath(StoragePath.of(archive)).toLocalPath();
    }

    /** Indexes a local {@code archive} and writes its sidecar; {@code progress} is told compressed bytes read so far. */
    public SidecarIndex index(Path archive, LongConsumer compressedProgress) throws IOException {
        StoredFile file = ArchiveFiles.stat(StoragePath.of(archive));
        return index(file, sidecarPath(file.path()), compressedProgress, IoCounts.IGNORED);
    }

    public SidecarIndex index(Path archive, Path sidecar, LongConsumer compressedProgress) throws IOException {
        return index(ArchiveFiles.stat(StoragePath.of(archive)), StoragePath.of(sidecar), compressedProgress,
                IoCounts.IGNORED);
    }

    /**
     * Indexes {@code archive} and writes its sidecar to {@code sidecar}. A damaged archive is
     * indexed for what decodes: the lines before each damage and, from the next intact frame, after
     * it; each damage is recorded in the sidecar. When a frame turns out wrong only at its end (its
     * checksum), after its lines were indexed, the archive is read once more passing over that frame:
     * its lines are left out, not kept as suspect, since the counts, trends and patterns answered
     * from the sidecar could not tell them apart ({@link Damage#delivered}). Damage is rare, so is
     * the second read.
     *
     * @param archive the archive as listed (its length and version)
     * @throws dev.rewind.connectors.codec.CorruptArchiveException when nothing in the file decodes
     *         as its codec (not an archive of that codec at all), naming the file and offset
     */
    public SidecarIndex index(StoredFile archive, StoragePath sidecar, LongConsumer compressedProgress, IoCounts counts)
            throws IOException {
        Codec codec = Codec.detect(archive);
        Read first = read(archive, codec, compressedProgress, List.of(), counts);
        if (!first.pass().needsAnotherPass()) {
            return first.finish(sidecar);
        }
        first.pass().abandon();
        List<Damage> skip = first.pass().damage().stream().map(d -> !d.delivered() ? d
                : new Damage(d.offset(), d.resumedAt(), d.reason() + "; the frame's lines are left out", false)).toList();
        Read second = read(archive, codec, compressedProgress, skip, counts);
        if (second.pass().needsAnotherPass()) {
            second.pass().abandon();
            throw new CorruptArchiveException(archive.path().toString(), second.pass().damage().get(0).offset(),
                    "the archive changed while it was indexed");
        }
        return second.finish(sidecar);
    }

    /** A whole read of the archive into a pass, with the hash of its bytes. */
    private record Read(IndexingPass pass, long contentHash) {
        SidecarIndex finish(StoragePath sidecar) throws IOException {
            return pass.finish(contentHash, sidecar);
        }
    }

    /** One read of the whole archive into a pass, passing over the frames {@code skip} names. */
    private Read read(StoredFile archive, Codec codec, LongConsumer compressedProgress, List<Damage> skip,
                      IoCounts counts) throws IOException {
        LocalDate pathDate = PathDates.of(archive.path());
        Instant fallback = ArchiveFiles.fallbackTime(archive, pathDate);
        String name = archive.path().toString();
        ContentHash.Reading hashed = new ContentHash.Reading(Storages.of(archive.path()).open(archive, counts));
        Deferred listener = new Deferred();
        IndexingPass pass = null;
        try (InputStream file = new ProgressInputStream(hashed, compressedProgress);
             LineReader lines = new LineReader(FrameDecoders.open(codec, file, 0, name, listener,
                     DamagePolicy.resync(listener, skip)), 0)) {
            listener.lines = lines;
            // Without a given format, the first lines decide it; they are held and indexed after,
            // so the archive is opened and decoded once.
            List<HeldLine> held = new ArrayList<>();
            LineFormat lineFormat = format;
            if (lineFormat == null) {
                List<byte[]> sample = new ArrayList<>();
                while (sample.size() < FormatDetector.SAMPLE_LINES && lines.next()) {
                    byte[] content = java.util.Arrays.copyOfRange(lines.buffer(), lines.start(), lines.start() + lines.length());
                    held.add(new HeldLine(content, lines.rawOffset(), lines.rawLength(), lines.isBlank()));
                    if (!lines.isBlank()) {
                        sample.add(content);
                    }
                }
                lineFormat = FormatDetector.detect(sample);
            }
            pass = IndexingPass.of(archive, codec, lineFormat, pathDate, fallback, bloomFpp, tokens, plainFrameSize);
            listener.deliverTo(pass);
            for (HeldLine line : held) {
                pass.line(line.content(), 0, line.content().length, line.rawOffset(), line.rawLength(), line.blank());
            }
            SidecarBuilder builder = pass.builder();
            while (lines.next(builder)) {
                pass.line(lines.buffer(), lines.start(), lines.length(), lines.rawOffset(), lines.rawLength(),
                        lines.isBlank());
            }
            file.transferTo(OutputStream.nullOutputStream()); // bytes after the last frame count in the content hash too
        } catch (IOException | RuntimeException e) {
            if (pass != null) {
                pass.abandon();
            }
            throw e;
        }
        return new Read(pass, hashed.value());
    }

    /** A line read before the format was known, kept until it is. */
    private record HeldLine(byte[] content, long rawOffset, int rawLength, boolean blank) {
    }

    /**
     * Frame ends and damage reported before the pass exists (while the format is detected) are held
     * for it, in order. Damage breaks the line it cut at once, whoever gets it later.
     */
    private static final class Deferred implements FrameListener, DamageListener {
        private final ArrayDeque<Consumer<IndexingPass>> early = new ArrayDeque<>();
        private IndexingPass target;
        private LineReader lines;

        @Override
        public void frameEnded(long compressedEnd, long rawEnd) {
            if (target == null) {
                early.add(pass -> pass.frameEnded(compressedEnd, rawEnd));
            } else {
                target.frameEnded(compressedEnd, rawEnd);
            }
        }

        @Override
        public void damaged(Damage damage, long rawOffset) {
            lines.breakLine();
            if (target == null) {
                early.add(pass -> pass.damaged(damage, rawOffset));
            } else {
                target.damaged(damage, rawOffset);
            }
        }

        void deliverTo(IndexingPass pass) {
            target = pass;
            early.forEach(event -> event.accept(pass));
            early.clear();
        }
    }

    /** Counts compressed bytes read, for a progress bar. */
    private static final class ProgressInputStream extends java.io.FilterInputStream {
        private final LongConsumer progress;
        private long count;

        ProgressInputStream(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                progress.accept(++count);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                progress.accept(count);
            }
            return n;
        }
    }
}
