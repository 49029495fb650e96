package dev.rewind.connectors.codec;

import java.io.IOException;
import java.io.InputStream;

/** Plain text: the whole file is one frame. */
final class PlainFrameInputStream extends InputStream {
    private final InputStream in;
    private final FrameListener listener;
    private final long base;
    private long position;
    private boolean ended;

    PlainFrameInputStream(InputStream in, long base, FrameListener listener) {
        this.in = in;
        this.base = base;
        this.listener = listener;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            if (!ended) {
                ended = true;
                if (position > 0) {
                    listener.frameEnded(base + position, position);
                }
            }
            return -1;
        }
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
