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

    private ArchiveIndexer(LineFormat format, Path indexDir, double bloomFpp, int plainFrameSize) {
        this.format = format;
        this.indexDir = indexDir;
        this.bloomFpp = bloomFpp;
        this.plainFrameSize = plainFrameSize;
    }

    /**
     * @param format   the lines' format, or null to detect it from the first lines
     * @param indexDir where sidecars go, or null for beside each archive
     */
    public static ArchiveIndexer create(LineFormat format, Path indexDir) {
        return new ArchiveIndexer(format, indexDir, ArchiveWriter.DEFAULT_BLOOM_FPP, ArchiveWriter.DEFAULT_FRAME_SIZE);
    }

    /** Where this indexer puts the sidecar of {@code archive}. */
    public Path sidecarPath(Path archive) {
        return indexDir == null ? ArchiveFiles.sidecarBeside(archive) : ArchiveFiles.sidecarIn(indexDir, archive);
    }

    /** Indexes {@code archive} and writes its sidecar; {@code progress} is told raw bytes read so far. */
    public SidecarIndex index(Path archive, LongConsumer compressedProgress) throws IOException {
        Codec codec = Codec.detect(archive);
        LineFormat lineFormat = format != null ? format : FormatDetector.detect(archive, codec);
        LocalDate pathDate = PathDates.of(archive);
        Instant fallback = ArchiveFiles.fallbackTime(archive, pathDate);
        SidecarBuilder builder = new SidecarBuilder(codec, lineFormat, pathDate, ArchiveFiles.defaultYear(fallback),
                fallback, bloomFpp);
        ArrayDeque<long[]> boundaries = new ArrayDeque<>();
        long fileLength = Files.size(archive);
        long rawTotal = 0;

        try (InputStream file = new ProgressInputStream(Files.newInputStream(archive), compressedProgress);
             LineReader lines = new LineReader(FrameDecoders.open(codec, file, 0, archive.toString(),
                     (compressedEnd, rawEnd) -> boundaries.add(new long[] {compressedEnd, rawEnd})), 0)) {
            long frameCompressedStart = 0;
            long frameRawStart = 0;
            while (lines.next()) {
                long lineStart = lines.rawOffset();
                // Apply the boundaries that fall before this line: exactly at its start, a frame ends
                // here; inside the previous line, the frame cut a line and merges with the next.
                while (!boundaries.isEmpty() && boundaries.peek()[1] <= lineStart) {
                    long[] b = boundaries.poll();
                    if (b[1] == lineStart && b[1] > frameRawStart) {
                        builder.endFrame(frameCompressedStart, b[0] - frameCompressedStart, frameRawStart,
                                b[1] - frameRawStart);
                        frameCompressedStart = b[0];
                        frameRawStart = b[1];
                    }
                }
                if (codec == Codec.PLAIN && lineStart - frameRawStart >= plainFrameSize) {
                    builder.endFrame(frameCompressedStart, lineStart - frameCompressedStart, frameRawStart,
                            lineStart - frameRawStart);
                    frameCompressedStart = lineStart;
                    frameRawStart = lineStart;
                }
                builder.line(lines.buffer(), lines.start(), lines.length(), lines.isBlank());
                rawTotal = lineStart + lines.rawLength();
            }
            if (rawTotal > frameRawStart || builder.linesInFrame() > 0 || fileLength > frameCompressedStart) {
                builder.endFrame(frameCompressedStart, fileLength - frameCompressedStart, frameRawStart,
                        rawTotal - frameRawStart);
            }
        } catch (IOException | RuntimeException e) {
            builder.discard();
            throw e;
        }
        Path sidecar = sidecarPath(archive);
        Files.createDirectories(sidecar.toAbsolutePath().getParent());
        Path partial = sidecar.resolveSibling(sidecar.getFileName() + ".partial");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
            builder.writeTo(out, ArchiveFiles.identify(archive), rawTotal, fileLength);
        }
        Files.move(partial, sidecar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return ArchiveFiles.readSidecar(archive, sidecar);
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
