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
 * cannot tell where a member ends in the file.
 */
final class GzipFrameInputStream extends InputStream {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final InputStream in;
    private final String source;
    private final FrameListener listener;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    /** File offset of {@code buf[0]}. */
    private long bufBase;
    private long memberStart;
    private long memberRaw;
    private long rawTotal;
    private boolean inMember;
    private boolean eof;

    GzipFrameInputStream(InputStream in, long baseOffset, String source, FrameListener listener) {
        this.in = in;
        this.bufBase = baseOffset;
        this.source = source;
        this.listener = listener;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        while ((n = read(one, 0, 1)) == 0) {
            // keep going: a member may end without producing bytes
        }
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (eof) {
                return -1;
            }
            if (!inMember && !startMember()) {
                eof = true;
                return -1;
            }
            if (inflater.needsInput()) {
                if (!fill()) {
                    throw new CorruptArchiveException(source, bufBase + lim,
                            "truncated gzip member (started at offset " + memberStart + ")");
                }
                inflater.setInput(buf, pos, lim - pos);
                pos = lim;
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new CorruptArchiveException(source, memberStart,
                        "corrupt deflate data in gzip member: " + e.getMessage(), e);
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberRaw += n;
                rawTotal += n;
            }
            if (inflater.finished()) {
                pos = lim - inflater.getRemaining();
                finishMember();
            } else if (inflater.needsDictionary()) {
                throw new CorruptArchiveException(source, memberStart, "gzip member needs a preset dictionary");
            }
            if (n > 0) {
                return n;
            }
        }
    }

    private boolean fill() throws IOException {
        if (pos < lim) {
            return true;
        }
        bufBase += lim;
        pos = 0;
        lim = 0;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        lim = n;
        return true;
    }

    private int nextByte(String what) throws IOException {
        if (!fill()) {
            throw new CorruptArchiveException(source, bufBase + pos,
                    "truncated gzip " + what + " (member started at offset " + memberStart + ")");
        }
        return buf[pos++] & 0xFF;
    }

    private boolean startMember() throws IOException {
        if (!fill()) {
            return false;
        }
        memberStart = bufBase + pos;
        int id1 = nextByte("header");
        int id2 = nextByte("header");
        if (id1 != 0x1F || id2 != 0x8B) {
            throw new CorruptArchiveException(source, memberStart, String.format(
                    "not a gzip member (found bytes %02x %02x, expected 1f 8b)", id1, id2));
        }
        int method = nextByte("header");
        if (method != 8) {
            throw new CorruptArchiveException(source, memberStart, "unsupported gzip compression method " + method);
        }
        int flags = nextByte("header");
        for (int i = 0; i < 6; i++) {
            nextByte("header"); // mtime, xfl, os
        }
        if ((flags & FEXTRA) != 0) {
            int xlen = nextByte("header") | nextByte("header") << 8;
            for (int i = 0; i < xlen; i++) {
                nextByte("header");
            }
        }
        if ((flags & FNAME) != 0) {
            while (nextByte("header") != 0) {
                // skip the zero-terminated file name
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (nextByte("header") != 0) {
                // skip the zero-terminated comment
            }
        }
        if ((flags & FHCRC) != 0) {
            nextByte("header");
            nextByte("header");
        }
        inflater.reset();
        crc.reset();
        memberRaw = 0;
        inMember = true;
        return true;
    }

    private void finishMember() throws IOException {
        long expectedCrc = readIntLe();
        long expectedSize = readIntLe();
        if (expectedCrc != crc.getValue()) {
            throw new CorruptArchiveException(source, memberStart, "gzip member CRC mismatch");
        }
        if (expectedSize != (memberRaw & 0xFFFFFFFFL)) {
            throw new CorruptArchiveException(source, memberStart, "gzip member length mismatch");
        }
        inMember = false;
        listener.frameEnded(bufBase + pos, rawTotal);
    }

    private long readIntLe() throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (long) nextByte("trailer") << (8 * i);
        }
        return v;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
