package dev.rewind.connectors.pattern;

import dev.rewind.connectors.record.AsciiWords;

/**
 * {@link MessageTemplates#ofAscii}, remembered by the message's digit shape: the message with every
 * digit written as {@code 0}. Every mask treats all digits alike (they are all {@code \d}, hex,
 * and word characters) and none survives the last one, so two messages with the same digit shape
 * have the same template; "order ord-5200826 code 54" and "order ord-7113402 code 12" are one
 * lookup instead of four masking passes. The indexer asks this for every WARN+ line. Holds at most
 * {@value #MAX_ENTRIES} shapes (then only computes). Not thread-safe: one per builder.
 */
public final class TemplateMemo {
    static final int MAX_ENTRIES = 4096;
    private static final int SLOTS = 8192;
    private static final int MAX_KEY = 512;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] templates = new String[SLOTS];
    private int entries;
    private byte[] shape = new byte[64];

    /** The template of the ASCII message {@code b[from, to)}. */
    public String templateOf(byte[] b, int from, int to) {
        int n = to - from;
        if (n > MAX_KEY) {
            return MessageTemplates.ofAscii(b, from, to);
        }
        int padded = (n + 7) & ~7;
        if (shape.length < padded) {
            shape = new byte[Math.max(padded, shape.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            byte c = b[from + i];
            shape[i] = c >= '0' && c <= '9' ? (byte) '0' : c;
        }
        for (int i = n; i < padded; i++) {
            shape[i] = 0;
        }
        long h = n;
        for (int i = 0; i < padded; i += 8) {
            h = (h ^ AsciiWords.word(shape, i)) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
        }
        int slot = (int) h & (SLOTS - 1);
        while (keys[slot] != null) {
            byte[] key = keys[slot];
            if (key.length == n && java.util.Arrays.equals(key, 0, n, shape, 0, n)) {
                return templates[slot];
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
        String template = MessageTemplates.ofAscii(b, from, to);
        if (entries < MAX_ENTRIES) { // at most half full, so a probe always ends at an empty slot
            keys[slot] = java.util.Arrays.copyOf(shape, n);
            templates[slot] = template;
            entries++;
        }
        return template;
    }
}
