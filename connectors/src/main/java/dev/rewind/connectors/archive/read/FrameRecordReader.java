package dev.rewind.connectors.archive.read;

import dev.rewind.connectors.archive.format.ContentHash;
import dev.rewind.connectors.archive.format.LineReader;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.archive.index.IndexingPass;

import dev.rewind.connectors.record.LineFormat;
import dev.rewind.connectors.record.LogRecord;
import dev.rewind.connectors.record.RecordDecoder;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.StoredFile;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * Records of a run of frames, in file order, each with the frame it came from. The raw line is
 * exposed too, so a filter can test its bytes before the line is parsed. Damage met on the way does
 * not end the run: the decoder goes on at the next frame that decodes, the line the damage cut is
 * dropped, and damage the sidecar does not record is kept as a {@link #warnings() warning}. Not
 * thread-safe.
 */
public final class FrameRecordReader implements Closeable {
    private final LineReader lines;
    private final long[] frameRawOffsets;
    private final int firstFrame;
    private final RecordDecoder decoder;
    private int index;
    /** When the read also indexes the archive: told every line; with the hash of the bytes read. */
    private final IndexingPass pass;
    private final ContentHash.Reading hashed;
    private final DamageWatch damage;
    /** The archive a read that indexes it reads (its identity goes into the sidecar). */
    private final StoredFile file;

    /**
     * @param frameRawOffsets raw offsets of the run's frames, the first being frame {@code firstFrame}
     * @param damage          the decoder's damage listener, to be tied to this reader's lines
     */
    FrameRecordReader(InputStream decoded, long[] frameRawOffsets, int firstFrame, LineFormat format, int year,
                      Instant fallback, DamageWatch damage) {
        this(decoded, frameRawOffsets, firstFrame, format, year, fallback, damage, null, null, null);
    }

    FrameRecordReader(InputStream decoded, long[] frameRawOffsets, int firstFrame, LineFormat format, int year,
                      Instant fallback, DamageWatch damage, IndexingPass pass, ContentHash.Reading hashed,
                      StoredFile file) {
        this.file = file;
        this.frameRawOffsets = frameRawOffsets;
        this.firstFrame = firstFrame;
        this.lines = new LineReader(decoded, frameRawOffsets[0]);
        this.decoder = new RecordDecoder(format, year, fallback);
        this.pass = pass;
        this.hashed = hashed;
        this.damage = damage;
        damage.attach(lines);
        if (pass != null) {
            damage.forwardTo(pass);
        }
    }

    /**
     * What went wrong on the way that the sidecar did not know: one warning per damage met, naming
     * the archive and the byte offset. Empty for a sound read, and for damage the sidecar records
     * (which the query reports from the catalog, once).
     */
    public java.util.List<String> warnings() {
        return damage.warnings();
    }

    /** Advances to the next non-blank line; false at the end of the run. */
    public boolean nextLine() throws IOException {
        while (lines.next()) {
            long offset = lines.rawOffset();
            while (index + 1 < frameRawOffsets.length && frameRawOffsets[index + 1] <= offset) {
                index++;
            }
            boolean blank = lines.isBlank();
            if (pass != null) {
                pass.line(lines.buffer(), lines.start(), lines.length(), offset, lines.rawLength(), blank);
            }
            if (!blank) {
                return true;
            }
        }
        return false;
    }

    /**
     * For a read that indexes the archive as it goes, once every line was read: writes the
     * sidecar to {@code sidecar} and returns its index part; null, writing nothing, when the read
     * met damage its sidecar did not record (the archive is then not what was indexed: its catalog
     * entry is indexed again, and the warnings say what was met).
     */
    public SidecarIndex finishIndexing(StoragePath sidecar) throws IOException {
        if (pass == null) {
            throw new IllegalStateException("this read does not index its archive");
        }
        if (damage.metNewDamage() || pass.needsAnotherPass()) {
            pass.abandon();
            return null;
        }
        hashed.transferTo(java.io.OutputStream.nullOutputStream()); // any bytes after the last frame
        return pass.finish(hashed.value(), sidecar);
    }

    public byte[] lineBuffer() {
        return lines.buffer();
    }

    public int lineStart() {
        return lines.start();
    }

    public int lineLength() {
        return lines.length();
    }

    /** Parses the current line (never null: an unparsable line is an UNKNOWN record). */
    public LogRecord record() {
        return decoder.decode(lines.buffer(), lines.start(), lines.length());
    }

    /** The current line's time and level only, as {@link #record()} would give them. */
    public dev.rewind.connectors.record.TimeAndLevel timeAndLevel() {
        return decoder.timeAndLevel(lines.buffer(), lines.start(), lines.length());
    }

    /** Ordinal of the frame holding the current line. */
    public int frame() {
        return firstFrame + index;
    }

    /** Lines so far that did not parse. */
    public long unparsed() {
        return decoder.unparsed();
    }

    @Override
    public void close() throws IOException {
        if (pass != null) {
            pass.abandon(); // nothing is written unless finishIndexing ran first
        }
        lines.close();
    }
}
