package dev.rewind.connectors.codec;

import java.io.IOException;
import java.io.InputStream;

/**
 * What the three frame decoders share: the compressed input with its offsets, the frame and damage
 * listeners, and what happens at damage — throw (strict), or find the next frame that decodes,
 * tell the listener, and go on (resync). A subclass decodes; it calls {@link #damaged} only once
 * it has handed out every good byte before the damage.
 */
abstract sealed class FrameInputStream extends InputStream
        permits GzipFrameInputStream, ZstdFrameInputStream, Lz4FrameInputStream {
    protected final CompressedInput input;
    protected final String source;
    protected final FrameListener frames;
    private final DamagePolicy policy;
    private final long baseOffset;
    /** Decoded bytes handed out so far. */
    protected long rawTotal;
    /** True once a frame's header parsed: from then on this is an archive of the codec, damaged or not. */
    protected boolean framed;

    FrameInputStream(InputStream in, long baseOffset, String source, FrameListener frames, DamagePolicy policy) {
        this.input = new CompressedInput(in, baseOffset);
        this.baseOffset = baseOffset;
        this.source = source;
        this.frames = frames;
        this.policy = policy;
    }

    /** The first bytes of a frame of this codec, what a resync looks for. */
    protected abstract byte[] magic();

    /**
     * Whether the bytes at the input's position start a frame that decodes (its header checks out
     * and, where cheap, its first block decodes). Must leave the position where it is.
     */
    protected abstract boolean frameStartsHere() throws IOException;

    /** Forgets the frame being decoded (the input is about to move to another frame). */
    protected abstract void resetFrame();

    /**
     * At a frame start: a frame the policy knows to be damaged is passed over undecoded and the
     * listener told again.
     *
     * @return true when the input moved (to the frame after it, or to the end)
     */
    protected final boolean skipKnownDamage() throws IOException {
        Damage known = policy.strict() ? null : policy.knownAt(input.offset());
        if (known == null) {
            return false;
        }
        // Nothing of it is handed out this time, whatever the read that found it had to say.
        policy.listener().damaged(new Damage(known.offset(), known.resumedAt(), known.reason(), false), rawTotal);
        input.seek(known.resumedAt() < 0 ? Long.MAX_VALUE : known.resumedAt());
        resetFrame();
        return true;
    }

    /**
     * Meets damage. Strict: throws. Resync: looks for the next frame that decodes from
     * {@code searchFrom}, tells the listener, and leaves the input there.
     *
     * @param foundAt    where the decoder found it (the exception's offset)
     * @param lostFrom   where the bytes nothing may be kept of start ({@link Damage#offset})
     * @param problem    what was found, for a person
     * @param delivered  see {@link Damage#delivered}
     * @param searchFrom where to look for the next frame, or -1 when there is no more input
     * @return true when decoding goes on at a frame, false at the end of the input
     */
    protected final boolean damaged(long foundAt, long lostFrom, String problem, boolean delivered, long searchFrom,
                                    Throwable cause) throws IOException {
        if (policy.strict()) {
            throw new CorruptArchiveException(source, foundAt, problem, cause);
        }
        resetFrame();
        long next = searchFrom < 0 ? -1 : nextFrame(searchFrom);
        if (next < 0 && !framed && lostFrom == baseOffset) {
            // Nothing here is of this codec: a clear failure, not an archive with zero lines.
            throw new CorruptArchiveException(source, foundAt, problem, cause);
        }
        String reason = foundAt == lostFrom ? problem : problem + ", found at byte " + foundAt;
        policy.listener().damaged(new Damage(lostFrom, next, reason, delivered), rawTotal);
        return next >= 0;
    }

    /** The offset of the next frame start at or after {@code from} that decodes, the input there; -1 when none. */
    private long nextFrame(long from) throws IOException {
        byte[] magic = magic();
        input.seek(from);
        while (true) {
            int available = input.ensure(CompressedInput.CHUNK);
            if (available < magic.length) {
                input.seek(Long.MAX_VALUE);
                return -1;
            }
            byte[] buf = input.buffer();
            int start = input.position();
            int last = start + available - magic.length;
            for (int i = start; i <= last; i++) {
                if (buf[i] == magic[0] && matches(buf, i, magic)) {
                    input.skip(i - input.position());
                    if (frameStartsHere()) {
                        return input.offset();
                    }
                    buf = input.buffer(); // the look-ahead may have moved the bytes
                    int moved = input.position() - i;
                    i += moved;
                    last += moved;
                }
            }
            input.skip(last + 1 - input.position());
        }
    }

    private static boolean matches(byte[] buf, int at, byte[] magic) {
        for (int k = 1; k < magic.length; k++) {
            if (buf[at + k] != magic[k]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        while ((n = read(one, 0, 1)) == 0) {
            // a frame may end without producing bytes
        }
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
