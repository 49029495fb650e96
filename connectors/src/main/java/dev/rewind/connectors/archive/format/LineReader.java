package dev.rewind.connectors.archive.format;

import dev.rewind.connectors.record.AsciiWords;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a decoded byte stream into lines ({@code \n}, with a {@code \r} before it stripped from
 * the content) and tracks each line's raw offset. The buffer grows only to hold the longest line,
 * so memory is bounded by the longest line, never by the stream's size. Where the decoder went past
 * damage ({@link #breakLine()}), the bytes of the line the damage cut are not a line: they are
 * dropped, and the next line starts with the first byte after the damage. Not thread-safe.
 */
public final class LineReader implements Closeable {
    private static final int INITIAL = 256 * 1024;

    private final InputStream in;
    private byte[] buf = new byte[INITIAL];
    private int pos;
    private int lim;
    private boolean eof;
    private long bufBase;

    private int lineStart;
    private int lineLength;
    private int terminatorLength;
    /** Raw offsets where damage cut the stream, in order: no line spans one. */
    private final java.util.ArrayDeque<Long> breaks = new java.util.ArrayDeque<>();

    /** @param rawOffset the raw (decoded) offset of the stream's first byte */
    public LineReader(InputStream in, long rawOffset) {
        this.in = in;
        this.bufBase = rawOffset;
    }

    /** Advances to the next line; false at the end of the stream. */
    public boolean next() throws IOException {
        int scanned = 0; // bytes after pos already known to hold no newline
        while (true) {
            while (!breaks.isEmpty() && breaks.peekFirst() <= bufBase + pos) {
                breaks.pollFirst(); // at a line's start: cuts nothing
            }
            int end = breaks.isEmpty() ? lim : (int) (breaks.peekFirst() - bufBase);
            int i = indexOfNewline(buf, pos + scanned, end);
            if (i >= 0) {
                endLineAt(i);
                return true;
            }
            if (!breaks.isEmpty()) {
                pos = end; // the start of a line the damage cut off: not a line
                scanned = 0;
                continue;
            }
            scanned = lim - pos;
            if (!eof && fill()) {
                continue;
            }
            eof = true;
            if (!breaks.isEmpty()) {
                continue; // the decoder met damage at the very end
            }
            if (pos < lim) {
                lineStart = pos;
                lineLength = lim - pos;
                terminatorLength = 0;
                pos = lim;
                return true;
            }
            return false;
        }
    }

    /**
     * Tells the reader that the decoder is going past damage: the bytes read so far end there, and
     * a line they leave unfinished is dropped. Called by the decoder's damage listener, inside the
     * decoder's {@code read}, that is, while this reader fills its buffer.
     */
    public void breakLine() {
        breaks.addLast(bufBase + lim);
    }

    /** The current line is the one from {@code pos} to the newline at {@code newline} (a {@code \r} before it stripped). */
    private void endLineAt(int newline) {
        lineStart = pos;
        int end = newline;
        terminatorLength = 1;
        if (end > lineStart && buf[end - 1] == '\r') {
            end--;
            terminatorLength = 2;
        }
        lineLength = end - lineStart;
        pos = newline + 1;
    }

    /** Finds where a line ends while reading it: a parser that walks the whole line anyway. */
    public interface LineEnds {
        /**
         * @param limit how far the buffered bytes go
         * @return the index of the {@code \n} ending the line that starts at {@code from}, or -1
         *         when it cannot tell (the reader then searches for it)
         */
        int newlineOf(byte[] b, int from, int limit);
    }

    /**
     * {@link #next()}, offering each line to {@code ends} first: the indexer's parser reads every
     * byte of nearly every line, so the separate newline search would read them all twice.
     */
    public boolean next(LineEnds ends) throws IOException {
        if (pos < lim && breaks.isEmpty()) {
            int newline = ends.newlineOf(buf, pos, lim);
            if (newline >= 0) {
                endLineAt(newline);
                return true;
            }
        }
        return next();
    }

    /**
     * The first {@code \n} in {@code [from, to)}, or -1. Eight bytes at a time (the classic "has a
     * zero byte" bit trick on the word XOR-ed with newlines): the line split is a fixed cost on
     * every byte of every scan, and this runs it at several times the speed of a byte loop.
     */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long zeroBytes = AsciiWords.bytesEqual(AsciiWords.word(b, i), (byte) '\n');
            if (zeroBytes != 0) {
                return i + (Long.numberOfTrailingZeros(zeroBytes) >>> 3); // the lowest flag is always a true zero
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Moves the unread tail to the front, grows the buffer if a line fills it, reads more. */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            bufBase += pos;
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) {
            byte[] bigger = new byte[buf.length * 2];
            System.arraycopy(buf, 0, bigger, 0, lim);
            buf = bigger;
        }
        int n;
        do {
            n = in.read(buf, lim, buf.length - lim);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim += n;
        return true;
    }

    /** The buffer holding the current line; valid until the next call to {@link #next()}. */
    public byte[] buffer() {
        return buf;
    }

    public int start() {
        return lineStart;
    }

    /** Length of the line's content, without {@code \n} or {@code \r\n}. */
    public int length() {
        return lineLength;
    }

    /** Length including the terminator: what the line occupies in the raw stream. */
    public int rawLength() {
        return lineLength + terminatorLength;
    }

    /** Raw offset of the current line's first byte. */
    public long rawOffset() {
        return bufBase + lineStart;
    }

    /** True when the current line is empty or only spaces and tabs: such lines are not records. */
    public boolean isBlank() {
        for (int i = lineStart; i < lineStart + lineLength; i++) {
            if (buf[i] != ' ' && buf[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
