package dev.rewind.connectors.archive;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.codec.FrameDecoders;
import dev.rewind.connectors.record.LineFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Indexes an archive another tool wrote (a {@code .json.gz} export, a logrotate {@code .gz}, a
 * {@code .zst} or {@code .lz4} file, plain text) in one streaming pass, writing the same sidecar
 * the framed writer writes. Frames are the file's own frames where they end on a line boundary
 * (frames that cut a line are merged with the next); plain text is cut into virtual frames of
 * {@link ArchiveWriter#DEFAULT_FRAME_SIZE}, since it can be read from any offset. Thread-safe: each
 * call is independent.
 */
public final class ArchiveIndexer {
    private final LineFormat format;
    private final Path indexDir;
    private final double bloomFpp;
    private final int plainFrameSize;
    private final boolean tokens;

    private ArchiveIndexer(LineFormat format, Path indexDir, double bloomFpp, int plainFrameSize, boolean tokens) {
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
        return new ArchiveIndexer(format, indexDir, ArchiveWriter.DEFAULT_BLOOM_FPP, ArchiveWriter.DEFAULT_FRAME_SIZE, true);
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
    public Path sidecarPath(Path archive) {
        return indexDir == null ? ArchiveFiles.sidecarBeside(archive) : ArchiveFiles.sidecarIn(indexDir, archive);
    }

    /** Indexes {@code archive} and writes its sidecar; {@code progress} is told raw bytes read so far. */
    public SidecarIndex index(Path archive, LongConsumer compressedProgress) throws IOException {
        Codec codec = Codec.detect(archive);
        LocalDate pathDate = PathDates.of(archive);
        Instant fallback = ArchiveFiles.fallbackTime(archive, pathDate);
        ArrayDeque<long[]> boundaries = new ArrayDeque<>();
        long fileLength = Files.size(archive);
        SidecarBuilder builder = null;
        FrameCutter frames;
        try (InputStream file = new ProgressInputStream(Files.newInputStream(archive), compressedProgress);
             LineReader lines = new LineReader(FrameDecoders.open(codec, file, 0, archive.toString(),
                     (compressedEnd, rawEnd) -> boundaries.add(new long[] {compressedEnd, rawEnd})), 0)) {
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
            builder = new SidecarBuilder(codec, lineFormat, pathDate, ArchiveFiles.defaultYear(fallback), fallback,
                    bloomFpp, tokens);
            frames = new FrameCutter(builder, boundaries, codec == Codec.PLAIN ? plainFrameSize : Long.MAX_VALUE);
            for (HeldLine line : held) {
                frames.line(line.content(), 0, line.content().length, line.rawOffset(), line.rawLength(), line.blank());
            }
            while (lines.next(builder)) {
                frames.line(lines.buffer(), lines.start(), lines.length(), lines.rawOffset(), lines.rawLength(),
                        lines.isBlank());
            }
            frames.finish(fileLength);
        } catch (IOException | RuntimeException e) {
            if (builder != null) {
                builder.discard();
            }
            throw e;
        }
        Path sidecar = sidecarPath(archive);
        Files.createDirectories(sidecar.toAbsolutePath().getParent());
        Path partial = sidecar.resolveSibling(sidecar.getFileName() + ".partial");
        SidecarIndex written;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
            written = builder.writeTo(out, ArchiveFiles.identify(archive), frames.rawTotal(), fileLength);
        }
        Files.move(partial, sidecar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return written != null ? written : ArchiveFiles.readSidecar(archive, sidecar);
    }

    /** A line read before the format was known, kept until it is. */
    private record HeldLine(byte[] content, long rawOffset, int rawLength, boolean blank) {
    }

    /**
     * Cuts the archive's lines into the sidecar's frames: the file's own frames where they end on a
     * line boundary (a frame that cuts a line merges with the next), plain text every
     * {@code plainFrameSize} bytes.
     */
    private static final class FrameCutter {
        private final SidecarBuilder builder;
        private final ArrayDeque<long[]> boundaries;
        private final long plainFrameSize;
        private long compressedStart;
        private long rawStart;
        private long rawTotal;

        FrameCutter(SidecarBuilder builder, ArrayDeque<long[]> boundaries, long plainFrameSize) {
            this.builder = builder;
            this.boundaries = boundaries;
            this.plainFrameSize = plainFrameSize;
        }

        void line(byte[] buf, int start, int length, long lineStart, int rawLength, boolean blank) throws IOException {
            // Apply the boundaries that fall before this line: exactly at its start, a frame ends
            // here; inside the previous line, the frame cut a line and merges with the next.
            while (!boundaries.isEmpty() && boundaries.peek()[1] <= lineStart) {
                long[] b = boundaries.poll();
                if (b[1] == lineStart && b[1] > rawStart) {
                    builder.endFrame(compressedStart, b[0] - compressedStart, rawStart, b[1] - rawStart);
                    compressedStart = b[0];
                    rawStart = b[1];
                }
            }
            if (lineStart - rawStart >= plainFrameSize) { // plain text: compressed and raw offsets are one
                builder.endFrame(compressedStart, lineStart - compressedStart, rawStart, lineStart - rawStart);
                compressedStart = lineStart;
                rawStart = lineStart;
            }
            builder.line(buf, start, length, blank);
            rawTotal = lineStart + rawLength;
        }

        void finish(long fileLength) throws IOException {
            if (rawTotal > rawStart || builder.linesInFrame() > 0 || fileLength > compressedStart) {
                builder.endFrame(compressedStart, fileLength - compressedStart, rawStart, rawTotal - rawStart);
            }
        }

        long rawTotal() {
            return rawTotal;
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
