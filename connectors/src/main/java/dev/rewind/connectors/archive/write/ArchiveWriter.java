package dev.rewind.connectors.archive.write;

import dev.rewind.connectors.archive.format.Framing;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.ContentHash;
import dev.rewind.connectors.archive.format.LineReader;
import dev.rewind.connectors.archive.format.PathDates;
import dev.rewind.connectors.archive.format.SidecarBuilder;
import dev.rewind.connectors.archive.format.SidecarIndex;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.record.LineFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Writes raw log lines as a framed archive: independent frames of whole lines, each about
 * {@code frameSize} raw bytes (a line longer than that gets a frame of its own), plus the sidecar
 * index, built in the same pass. Lines are stored byte for byte (CRLF, invalid UTF-8 and all). The
 * archive appears under its final name only when complete. Not thread-safe.
 *
 * <pre>{@code
 * try (ArchiveWriter w = ArchiveWriter.builder().codec(Codec.ZSTD).open(path)) {
 *     w.write(inputStream);
 * }
 * }</pre>
 */
public final class ArchiveWriter implements AutoCloseable {
    /** @see Framing#DEFAULT_FRAME_SIZE */
    public static final int DEFAULT_FRAME_SIZE = Framing.DEFAULT_FRAME_SIZE;
    /** @see Framing#DEFAULT_BLOOM_FPP */
    public static final double DEFAULT_BLOOM_FPP = Framing.DEFAULT_BLOOM_FPP;

    private final Path target;
    private final Path partial;
    private final Path sidecar;
    private final OutputStream file;
    private final ArchiveStreamWriter frames;
    private boolean closed;
    private SidecarIndex result;

    private ArchiveWriter(Builder b, Path target) throws IOException {
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".partial");
        this.sidecar = b.indexDir == null ? ArchiveFiles.sidecarBeside(target) : ArchiveFiles.sidecarIn(b.indexDir, target);
        LocalDate pathDate = b.pathDate != null ? b.pathDate : PathDates.of(target);
        Files.createDirectories(target.toAbsolutePath().getParent());
        this.file = new BufferedOutputStream(Files.newOutputStream(partial), 256 * 1024);
        this.frames = new ArchiveStreamWriter(file, b.codec, b.format, b.frameSize, b.bloomFpp, pathDate);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds one line exactly as given, terminator included ({@code \n}, {@code \r\n}, or none for the
     * last line of an input).
     */
    public void writeLine(byte[] line, int offset, int rawLength) throws IOException {
        if (closed) {
            throw new IllegalStateException("archive " + target + " is closed");
        }
        frames.writeLine(line, offset, rawLength);
    }

    /** Adds every line of {@code raw}, byte for byte. */
    public void write(InputStream raw) throws IOException {
        frames.write(raw);
    }

    /** Finishes the archive and its sidecar; returns the sidecar. Idempotent. */
    public SidecarIndex finish() throws IOException {
        if (closed) {
            return result;
        }
        closed = true;
        frames.finish();
        file.close();
        // The sidecar goes into place before the archive does: a catalog scanning the directory
        // meanwhile never finds the new archive without its sidecar (it would index it again, and
        // write the same sidecar path at the same time).
        Files.createDirectories(sidecar.toAbsolutePath().getParent());
        Path sidecarPartial = sidecar.resolveSibling(sidecar.getFileName() + ".partial");
        try (OutputStream s = new BufferedOutputStream(Files.newOutputStream(sidecarPartial))) {
            // same bytes (and, moved below, the same modification time) as the target
            frames.writeSidecar(s, frames.identity(target.getFileName().toString(),
                    Files.getLastModifiedTime(partial).toMillis()));
        }
        Files.move(sidecarPartial, sidecar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        result = ArchiveFiles.readSidecar(target, sidecar);
        return result;
    }

    @Override
    public void close() throws IOException {
        finish();
    }

    public Path sidecarPath() {
        return sidecar;
    }

    /** Settings of an {@link ArchiveWriter}; {@link #open} checks them and names a bad one. */
    public static final class Builder {
        private Codec codec = Codec.ZSTD;
        private LineFormat format = LineFormat.ndjson();
        private int frameSize = DEFAULT_FRAME_SIZE;
        private double bloomFpp = DEFAULT_BLOOM_FPP;
        private Path indexDir;
        private LocalDate pathDate;

        public Builder codec(Codec codec) {
            this.codec = codec;
            return this;
        }

        public Builder format(LineFormat format) {
            this.format = format;
            return this;
        }

        /** Target raw bytes per frame, 4 KiB to 64 MiB. */
        public Builder frameSize(int bytes) {
            this.frameSize = bytes;
            return this;
        }

        /** False-positive rate of each frame's token bloom filter, (0, 0.5]. */
        public Builder bloomFalsePositiveRate(double rate) {
            this.bloomFpp = rate;
            return this;
        }

        /** Writes the sidecar into this directory instead of beside the archive. */
        public Builder indexDir(Path dir) {
            this.indexDir = dir;
            return this;
        }

        /** The date the archive covers, when its path does not say (year for year-less timestamps). */
        public Builder pathDate(LocalDate date) {
            this.pathDate = date;
            return this;
        }

        public ArchiveWriter open(Path archive) throws IOException {
            Objects.requireNonNull(archive, "archive path");
            check();
            return new ArchiveWriter(this, archive);
        }

        /**
         * A writer of the archive's bytes to {@code out}, for archives that are not local files
         * (a Flink file system's stream); the caller commits the stream and places the sidecar.
         *
         * @param pathDate the date the archive's path will name (its lines without a timestamp get
         *                 its midnight, as its readers give them); null when it names none
         */
        public ArchiveStreamWriter openStream(OutputStream out, LocalDate pathDate) {
            Objects.requireNonNull(out, "out");
            check();
            return new ArchiveStreamWriter(out, codec, format, frameSize, bloomFpp, pathDate);
        }

        private void check() {
            if (codec == null) {
                throw new IllegalArgumentException("codec must be set (gzip, zstd, lz4 or plain)");
            }
            if (format == null) {
                throw new IllegalArgumentException("format must be set");
            }
            if (frameSize < 4096 || frameSize > (64 << 20)) {
                throw new IllegalArgumentException("frameSize must be between 4 KiB and 64 MiB, was " + frameSize);
            }
            if (!(bloomFpp > 0 && bloomFpp <= 0.5)) {
                throw new IllegalArgumentException("bloomFalsePositiveRate must be in (0, 0.5], was " + bloomFpp);
            }
        }
    }
}
