package dev.rewind.connectors.codec;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Gzip with any number of members, each one a frame. Written on {@link Inflater} directly rather
 * than {@code GZIPInputStream}, which stops after a member when the underlying stream reports no
 * bytes {@code available()} (so concatenated members are silently lost on some streams), and which
 * cannot tell where a member ends in the file, nor where in it damage is.
 *
 * <p>Where damage is: the inflater is handed the buffered input and, after every call, the input
 * is advanced by exactly what it consumed, so the offset of the next unread byte is always known;
 * when the inflater fails, {@code getBytesRead()} and {@code getBytesWritten()} still count what
 * that failing call consumed and wrote (JDK 11+), so the bytes it wrote are handed out and the
 * error is placed at the byte it stopped in.
 *
 * <p>What is kept of a damaged member. A truncated member keeps everything before the cut: those
 * bytes decode exactly as in the whole file. A member whose deflate data fails, or whose CRC or
 * length does not match, is in doubt from its start ({@link Damage#delivered}): deflate goes on
 * decoding plausible bytes past damage. Measured on a 386 KB NDJSON file written by {@code gzip}
 * (3,000 lines), 100 random bytes overwritten at 2,000 random places: 1,790 decoded to the
 * member's end without a deflate error and failed only the CRC; over 500 such places, 90% of the
 * lines from the damage on came out changed, on average. Of the 210 deflate errors, 168 came after
 * up to 1,572 bytes of wrong output (up to 118 compressed bytes past the damage). No point in the
 * member before which the bytes are known good can be told, so none is claimed.
 */
final class GzipFrameInputStream extends FrameInputStream {
    private static final byte[] MAGIC = {0x1F, (byte) 0x8B, 8};
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED = 0xE0;
    /** How much of a candidate member a resync inflates before it believes in it. */
    private static final int VERIFY = 32 * 1024;
    /** A longer header (an extra field of up to 64 KiB, a name, a comment) is taken for garbage. */
    private static final int MAX_HEADER = 256 * 1024;

    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private Inflater verifier;
    /** Input bytes handed to the inflater and not yet consumed. */
    private int given;
    private long memberStart;
    private long memberRaw;
    private boolean inMember;
    private boolean eof;
    /**
     * A deflate error, or a member's end, met by a call that also decoded bytes: dealt with on the
     * next turn, once those bytes are handed out, so damage is told after every byte before it.
     */
    private DataFormatException pendingError;
    private boolean trailerDue;

    GzipFrameInputStream(InputStream in, long baseOffset, String source, FrameListener listener, DamagePolicy policy) {
        super(in, baseOffset, source, listener, policy);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!eof) {
            if (pendingError != null) {
                deflateFailed();
                continue;
            }
            if (trailerDue) {
                trailerDue = false;
                finishMember();
                continue;
            }
            if (!inMember) {
                if (!startMember()) {
                    eof = true;
                }
                continue;
            }
            if (inflater.needsInput()) {
                int available = input.fill();
                if (available == 0) {
                    truncated("gzip data");
                    continue;
                }
                inflater.setInput(input.buffer(), input.position(), available);
                given = available;
            }
            long writtenBefore = inflater.getBytesWritten();
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                n = (int) (inflater.getBytesWritten() - writtenBefore); // written before the error was found
                pendingError = e;
            }
            consumed();
            if (n > 0) {
                crc.update(b, off, n);
                memberRaw += n;
                rawTotal += n;
            }
            if (pendingError == null) {
                if (inflater.finished()) {
                    trailerDue = true; // checked on the next turn, after these bytes are handed out
                } else if (inflater.needsDictionary()) {
                    pendingError = new DataFormatException("the member needs a preset dictionary");
                }
            }
            if (n > 0) {
                return n;
            }
        }
        return -1;
    }

    /** Advances the input past what the inflater consumed. */
    private void consumed() {
        int remaining = inflater.getRemaining();
        input.skip(given - remaining);
        given = remaining;
    }

    private void deflateFailed() throws IOException {
        DataFormatException e = pendingError;
        pendingError = null;
        long foundAt = Math.max(memberStart, input.offset() - 1); // the last byte the inflater took in
        inMember = false;
        // Deflate may have run past the member's end into the next one before failing: look back a little.
        long searchFrom = Math.max(memberStart + 1, input.offset() - CompressedInput.KEPT / 2);
        damaged(foundAt, memberStart, "corrupt deflate data in the gzip member that starts at offset " + memberStart
                + ": " + e.getMessage(), memberRaw > 0, searchFrom, e);
    }

    private void truncated(String what) throws IOException {
        long at = input.offset();
        inMember = false;
        damaged(at, at, "truncated " + what + " of the member that starts at offset " + memberStart, false, -1, null);
        eof = true;
    }

    @Override
    protected void resetFrame() {
        inMember = false;
        pendingError = null;
        trailerDue = false;
        given = 0;
        inflater.reset();
    }

    @Override
    protected byte[] magic() {
        return MAGIC;
    }

    /** Reads a member header; false at the end of the input. */
    private boolean startMember() throws IOException {
        while (true) {
            if (input.atEnd()) {
                return false;
            }
            if (skipKnownDamage()) {
                continue;
            }
            memberStart = input.offset();
            int headerLength = header();
            if (headerLength > 0) {
                input.skip(headerLength);
                inflater.reset();
                crc.reset();
                given = 0;
                memberRaw = 0;
                inMember = true;
                framed = true;
                return true;
            }
            if (headerLength == -1) {
                truncated("gzip header");
                return false;
            }
            if (!damaged(memberStart, memberStart, headerProblem(), false, memberStart + 1, null)) {
                return false;
            }
        }
    }

    /** {@link #headerLength} with as many bytes buffered as the header needs; 0 for one too long to be real. */
    private int header() throws IOException {
        for (int want = VERIFY; ; want *= 2) {
            int available = input.ensure(want);
            int length = headerLength(available);
            if (length != -1 || available < want) {
                return length;
            }
            if (want >= MAX_HEADER) {
                return 0;
            }
        }
    }

    /**
     * The length of the member header at the position, reading only buffered bytes.
     *
     * @param available bytes buffered from the position
     * @return the length; 0 when the bytes are not a gzip header; -1 when they end before it does
     */
    private int headerLength(int available) {
        if (available < 10) {
            return available >= 3 && !startsMagic() ? 0 : -1;
        }
        if (!startsMagic() || (input.peek(3) & RESERVED) != 0) {
            return 0;
        }
        int flags = input.peek(3);
        int i = 10;
        if ((flags & FEXTRA) != 0) {
            if (i + 2 > available) {
                return -1;
            }
            i += 2 + (input.peek(i) | input.peek(i + 1) << 8);
        }
        for (int flag : new int[] {FNAME, FCOMMENT}) {
            if ((flags & flag) != 0) {
                while (i < available && input.peek(i) != 0) {
                    i++;
                }
                i++; // the terminating zero
            }
        }
        if ((flags & FHCRC) != 0) {
            i += 2;
        }
        return i <= available ? i : -1;
    }

    private boolean startsMagic() {
        return input.peek(0) == 0x1F && input.peek(1) == 0x8B && input.peek(2) == 8;
    }

    private String headerProblem() {
        int id1 = input.peek(0);
        int id2 = input.peek(1);
        if (id1 != 0x1F || id2 != 0x8B) {
            return String.format("not a gzip member (found bytes %02x %02x, expected 1f 8b)", id1, id2);
        }
        if (input.peek(2) != 8) {
            return "unsupported gzip compression method " + input.peek(2);
        }
        return String.format("gzip header with reserved flag bits set (%02x)", input.peek(3));
    }

    @Override
    protected boolean frameStartsHere() throws IOException {
        int header = header();
        if (header <= 0) {
            return header == -1; // a header cut by the end of the file: resumed at, and reported as cut
        }
        int available = input.ensure(header + VERIFY);
        if (verifier == null) {
            verifier = new Inflater(true);
        }
        verifier.reset();
        verifier.setInput(input.buffer(), input.position() + header, available - header);
        byte[] scratch = new byte[8192];
        try {
            while (!verifier.finished() && !verifier.needsInput() && !verifier.needsDictionary()) {
                verifier.inflate(scratch);
            }
            return !verifier.needsDictionary();
        } catch (DataFormatException e) {
            return false;
        }
    }

    private void finishMember() throws IOException {
        consumed();
        if (input.ensure(8) < 8) {
            truncated("gzip trailer");
            return;
        }
        long expectedCrc = intLe(0);
        long expectedSize = intLe(4);
        long trailerAt = input.offset();
        input.skip(8);
        inMember = false;
        if (expectedCrc != crc.getValue() || expectedSize != (memberRaw & 0xFFFFFFFFL)) {
            String what = expectedCrc != crc.getValue() ? "CRC" : "length";
            damaged(memberStart, memberStart, "the gzip member at bytes " + memberStart + " to " + input.offset()
                    + " does not match its " + what + ", checked at byte " + trailerAt
                    + ": its content is wrong from some place inside it", memberRaw > 0, input.offset(), null);
            return;
        }
        frames.frameEnded(input.offset(), rawTotal);
    }

    private long intLe(int at) {
        return input.peek(at) | input.peek(at + 1) << 8 | input.peek(at + 2) << 16 | (long) input.peek(at + 3) << 24;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        if (verifier != null) {
            verifier.end();
        }
        super.close();
    }
}
