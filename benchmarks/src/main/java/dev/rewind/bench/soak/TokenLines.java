package dev.rewind.bench.soak;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Counts the lines that hold a word, case-insensitively and at word boundaries, as {@code grep -ciw}
 * does (word bytes: ASCII letters, digits, '_' and any non-ASCII byte): the ground truth of the
 * soak's six-month text count, computed over the raw bytes while the corpus is written, apart from
 * Rewind's own matcher. Stateless and thread-safe.
 */
final class TokenLines {
    private final byte[] lower;

    TokenLines(String word) {
        if (word == null || word.isEmpty()) {
            throw new IllegalArgumentException("a word to count is needed");
        }
        this.lower = word.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    }

    /** Lines of {@code text[0, length)} holding the word; a last line without '\n' counts too. */
    long count(byte[] text, int length) {
        long lines = 0;
        int start = 0;
        while (start < length) {
            int end = start;
            while (end < length && text[end] != '\n') {
                end++;
            }
            if (holds(text, start, end)) {
                lines++;
            }
            start = end + 1;
        }
        return lines;
    }

    boolean holds(byte[] line, int from, int to) {
        int n = lower.length;
        for (int i = from; i + n <= to; i++) {
            if (fold(line[i]) != lower[0]) {
                continue;
            }
            if (i > from && isWordByte(line[i - 1])) {
                continue;
            }
            if (i + n < to && isWordByte(line[i + n])) {
                continue;
            }
            int k = 1;
            while (k < n && fold(line[i + k]) == lower[k]) {
                k++;
            }
            if (k == n) {
                return true;
            }
        }
        return false;
    }

    private static byte fold(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    private static boolean isWordByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b < 0;
    }
}
