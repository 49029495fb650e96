package dev.rewind.connectors.archive;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.codec.FrameListener;
import dev.rewind.connectors.record.LineFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;

/**
 * One archive being indexed while something reads it: told every line (blank ones too) and every
 * frame end the decoder reports, it builds the sidecar and, at {@link #finish}, writes it. The
 * indexer drives it over a whole file; a query's split reader drives it when it decodes a whole
 * archive whose sidecar lacks the token index, so that scan leaves the archive fully indexed
 * without a second read. Frames are the file's own where they end on a line boundary (a frame
 * that cuts a line merges with the next); plain text is cut every {@code plainFrameSize} bytes.
 * Not thread-safe.
 */
public final class IndexingPass implements FrameListener {
    private final Path archive;
    private final SidecarBuilder builder;
    private final ArrayDeque<long[]> boundaries = new ArrayDeque<>();
    private final long plainFrameSize;
    private long compressedStart;
    private long rawStart;
    private long rawTotal;
    private boolean done;

    IndexingPass(Path archive, SidecarBuilder builder, long plainFrameSize) {
        this.archive = archive;
        this.builder = builder;
        this.plainFrameSize = plainFrameSize;
    }

    /**
     * A full pass (token bloom filters included) over an archive whose codec and format are known,
     * e.g. from its lean sidecar.
     */
    static IndexingPass full(Path archive, Codec codec, LineFormat format) throws IOException {
        LocalDate pathDate = PathDates.of(archive);
        return of(archive, codec, format, pathDate, ArchiveFiles.fallbackTime(archive, pathDate),
                ArchiveWriter.DEFAULT_BLOOM_FPP, true, ArchiveWriter.DEFAULT_FRAME_SIZE);
    }

    static IndexingPass of(Path archive, Codec codec, LineFormat format, LocalDate pathDate, Instant fallback,
                           double bloomFpp, boolean tokens, long plainFrameSize) {
        return new IndexingPass(archive, new SidecarBuilder(codec, format, pathDate, ArchiveFiles.defaultYear(fallback),
                fallback, bloomFpp, tokens), codec == Codec.PLAIN ? plainFrameSize : Long.MAX_VALUE);
    }

    SidecarBuilder builder() {
        return builder;
    }

    @Override
    public void frameEnded(long compressedEnd, long rawEnd) {
        boundaries.add(new long[] {compressedEnd, rawEnd});
    }

    /** One line as read, with its raw (decoded) offset and length including its terminator. */
    public void line(byte[] buf, int start, int length, long lineStart, int rawLength, boolean blank) {
        // Apply the boundaries that fall before this line: exactly at its start, a frame ends
        // here; inside the previous line, the frame cut a line and merges with the next.
        try {
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
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        builder.line(buf, start, length, blank);
        rawTotal = lineStart + rawLength;
    }

    /** Records a place decoding failed; lines before it (and after it, if any) are indexed as read. */
    public void damaged(ArchiveDamage damage) {
        builder.damaged(damage);
    }

    /**
     * Closes the last frame and writes the sidecar to {@code sidecar} (atomically: a partial file
     * moved into place).
     *
     * @param fileLength  the archive's length
     * @param contentHash the hash of the whole file as it was read
     * @return the index part of what was written
     */
    public SidecarIndex finish(long fileLength, long contentHash, Path sidecar) throws IOException {
        done = true;
        try {
            if (rawTotal > rawStart || builder.linesInFrame() > 0 || fileLength > compressedStart) {
                builder.endFrame(compressedStart, fileLength - compressedStart, rawStart, rawTotal - rawStart);
            }
            Files.createDirectories(sidecar.toAbsolutePath().getParent());
            Path partial = sidecar.resolveSibling(sidecar.getFileName() + "." + ProcessHandle.current().pid() + "."
                    + Thread.currentThread().getId() + ".partial");
            Sidecar written;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
                written = builder.writeTo(out, ArchiveFiles.identify(archive, contentHash), rawTotal, fileLength);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.move(partial, sidecar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return written != null ? written.index() : ArchiveFiles.readSidecar(archive, sidecar);
        } finally {
            builder.discard();
        }
    }

    /** Gives up (the read failed or stopped early): nothing is written. */
    public void abandon() {
        if (!done) {
            done = true;
            builder.discard();
        }
    }
}
