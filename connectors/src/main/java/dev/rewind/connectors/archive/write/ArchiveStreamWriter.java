package dev.rewind.connectors.archive.write;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.ArchiveIdentity;
import dev.rewind.connectors.archive.format.ContentHash;
import dev.rewind.connectors.archive.format.LineReader;
import dev.rewind.connectors.archive.format.Sidecar;
import dev.rewind.connectors.archive.format.SidecarBuilder;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.codec.FrameEncoder;
import dev.rewind.connectors.record.LineFormat;
import dev.rewind.connectors.record.LineHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The framed archive writer over any output stream: frames of whole lines go to the stream as they
 * fill, the sidecar is built in the same pass, and the archive's identity (length, hashes of its
 * first and last 64 KiB and of the whole file) is taken from the bytes on their way out, so nothing
 * is read back. {@link ArchiveWriter} uses it for local files; the streaming archiver uses it for
 * files of any Flink file system, written through the file system's recoverable writer, where the
 * archive cannot be read back before it is committed. Not thread-safe.
 *
 * <pre>{@code
 * ArchiveStreamWriter w = ArchiveWriter.builder().codec(Codec.ZSTD).pathDate(day).openStream(out);
 * w.writeLine(bytes, 0, bytes.length);
 * w.finish();                                   // the last frame; out stays open
 * w.writeSidecar(sidecarOut, w.identity("x.ndjson.zst", modifiedMillis));
 * }</pre>
 */
public final class ArchiveStreamWriter {
    private final TrackedOutput out;
    private final FrameEncoder encoder;
    private final SidecarBuilder index;
    private final int frameSize;
    private byte[] frame;
    private int frameLength;
    private long position;
    private long rawOffset;
    private long lines;
    private boolean finished;

    /** Settings checked by {@link ArchiveWriter.Builder}. */
    ArchiveStreamWriter(OutputStream target, Codec codec, LineFormat format, int frameSize, double bloomFpp,
                        LocalDate pathDate) {
        this.frameSize = frameSize;
        this.frame = new byte[Math.min(frameSize + 64 * 1024, 1 << 24)];
        // Lines without a timestamp get the path date's midnight, as the archive's readers give them.
        Instant fallback = pathDate != null ? pathDate.atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.now();
        this.index = new SidecarBuilder(codec, format, pathDate, ArchiveFiles.defaultYear(fallback), fallback, bloomFpp,
                true);
        this.out = new TrackedOutput(target);
        this.encoder = FrameEncoder.create(codec);
    }

    /**
     * Adds one line exactly as given, terminator included ({@code \n}, {@code \r\n}, or none for the
     * last line of an input).
     */
    public void writeLine(byte[] line, int offset, int rawLength) throws IOException {
        if (finished) {
            throw new IllegalStateException("archive is finished; no more lines");
        }
        if (frameLength > 0 && frameLength + rawLength > frameSize) {
            flushFrame();
        }
        ensureCapacity(rawLength);
        System.arraycopy(line, offset, frame, frameLength, rawLength);
        int content = rawLength;
        if (content > 0 && line[offset + content - 1] == '\n') {
            content--;
            if (content > 0 && line[offset + content - 1] == '\r') {
                content--;
            }
        }
        boolean blank = isBlank(line, offset, content);
        index.line(frame, frameLength, content, blank);
        lines += blank ? 0 : 1;
        frameLength += rawLength;
        if (frameLength >= frameSize) {
            flushFrame();
        }
    }

    /** Adds every line of {@code raw}, byte for byte. */
    public void write(InputStream raw) throws IOException {
        LineReader reader = new LineReader(raw, 0);
        while (reader.next()) {
            writeLine(reader.buffer(), reader.start(), reader.rawLength());
        }
    }

    /**
     * Writes the last frame and frees the encoder; the stream given at open stays open (its owner
     * closes or commits it). An empty archive still gets one empty frame, so the tools decode it.
     * Idempotent.
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            if (frameLength > 0 || rawOffset == 0) {
                flushFrame();
            }
            out.flush();
        } finally {
            encoder.close();
        }
    }

    /**
     * The identity of the archive written, as a sidecar records it.
     *
     * @param modifiedMillis the modification time the archive file will have where readers find it
     */
    public ArchiveIdentity identity(String fileName, long modifiedMillis) {
        requireFinished();
        return new ArchiveIdentity(fileName, out.length(), out.headHash(), out.tailHash(), modifiedMillis,
                out.contentHash());
    }

    /**
     * Writes the sidecar of the finished archive to {@code sidecar} (which stays open).
     *
     * @return the sidecar written, when it was small enough to keep in memory; else null
     */
    public Sidecar writeSidecar(OutputStream sidecar, ArchiveIdentity identity) throws IOException {
        requireFinished();
        return index.writeTo(sidecar, identity, rawOffset, position);
    }

    /** Frees what an unfinished archive holds (the spill file of a large index), when it is abandoned. */
    public void discard() {
        encoder.close();
        index.discard();
    }

    /** Lines written so far (blank lines are kept in the archive but are not records). */
    public long lines() {
        return lines;
    }

    /** Raw bytes written so far, terminators included. */
    public long rawBytes() {
        return rawOffset + frameLength;
    }

    /** Compressed bytes in the stream so far (whole frames only). */
    public long compressedBytes() {
        return position;
    }

    private void requireFinished() {
        if (!finished) {
            throw new IllegalStateException("finish() the archive first");
        }
    }

    private static boolean isBlank(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private void ensureCapacity(int extra) {
        if (frameLength + extra > frame.length) {
            byte[] bigger = new byte[Math.max(frame.length * 2, frameLength + extra)];
            System.arraycopy(frame, 0, bigger, 0, frameLength);
            frame = bigger;
        }
    }

    private void flushFrame() throws IOException {
        long written = encoder.encode(frame, 0, frameLength, out);
        index.endFrame(position, written, rawOffset, frameLength);
        position += written;
        rawOffset += frameLength;
        frameLength = 0;
        if (frame.length > 2 * (frameSize + 64 * 1024)) {
            frame = new byte[frameSize + 64 * 1024]; // a giant line passed; give the memory back
        }
    }

    /**
     * Passes bytes on and remembers what an {@link ArchiveIdentity} needs: the count, the XXH64 of
     * everything ({@link ContentHash}), the first 64 KiB and a ring of the last 64 KiB — the same
     * values {@link ArchiveFiles#identify} reads from a file on disk.
     */
    private static final class TrackedOutput extends OutputStream {
        private static final int CHUNK = 64 * 1024;
        private final ContentHash.Writing hashed;
        private final byte[] head = new byte[CHUNK];
        private final byte[] tail = new byte[CHUNK];
        private long length;

        TrackedOutput(OutputStream target) {
            this.hashed = new ContentHash.Writing(target);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            hashed.write(b, off, len);
            if (length < CHUNK) {
                System.arraycopy(b, off, head, (int) length, (int) Math.min(len, CHUNK - length));
            }
            // the ring: byte i of the file lives at tail[i % CHUNK]
            int from = Math.max(0, len - CHUNK);
            for (int i = from; i < len; ) {
                int at = (int) ((length + i) % CHUNK);
                int n = Math.min(len - i, CHUNK - at);
                System.arraycopy(b, off + i, tail, at, n);
                i += n;
            }
            length += len;
        }

        @Override
        public void flush() throws IOException {
            hashed.flush();
        }

        long length() {
            return length;
        }

        long contentHash() {
            return hashed.value();
        }

        long headHash() {
            return LineHash.of(head, 0, (int) Math.min(length, CHUNK));
        }

        long tailHash() {
            int n = (int) Math.min(length, CHUNK);
            byte[] last = new byte[n];
            int start = (int) ((length - n) % CHUNK);
            int first = Math.min(n, CHUNK - start);
            System.arraycopy(tail, start, last, 0, first);
            System.arraycopy(tail, 0, last, first, n - first);
            return LineHash.of(last, 0, n);
        }
    }
}
