package dev.rewind.connectors.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte tests eight at a time ("SWAR": the classic has-a-zero-byte trick on a 64-bit word), shared
 * by the hot loops that read raw lines: the newline search, the NDJSON level probe and the summary
 * scanner. Each test sets the high bit of the bytes it finds; the lowest set bit is always a real
 * match (borrows only make false flags above a real one), so the first match is
 * {@code Long.numberOfTrailingZeros(flags) >>> 3}. Stateless.
 */
public final class AsciiWords {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private AsciiWords() {
    }

    /** The eight bytes at {@code i}, the first in the lowest bits. */
    public static long word(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** The zero bytes of {@code w}. */
    public static long zeroBytes(long w) {
        return (w - ONES) & ~w & HIGHS;
    }

    /** The bytes of {@code w} equal to {@code c}. */
    public static long bytesEqual(long w, byte c) {
        return zeroBytes(w ^ (ONES * (c & 0xFF)));
    }

    /** The quotes and backslashes of {@code w}: where a JSON string may end or escape. */
    public static long quotesOrBackslashes(long w) {
        long q = w ^ 0x2222222222222222L;
        long s = w ^ 0x5C5C5C5C5C5C5C5CL;
        return ((q - ONES) & ~q | (s - ONES) & ~s) & HIGHS; // one mask for both: these run per word of every line
    }

    /**
     * The bytes that end a plain JSON string or make it not plain: quotes, backslashes, control
     * bytes (below 0x20) and bytes of 0x80 and above (one test covers these two).
     */
    public static long specials(long w) {
        long q = w ^ 0x2222222222222222L;
        long s = w ^ 0x5C5C5C5C5C5C5C5CL;
        return ((q - ONES) & ~q | (s - ONES) & ~s | (w - 0x2020202020202020L) | w) & HIGHS;
    }
}
