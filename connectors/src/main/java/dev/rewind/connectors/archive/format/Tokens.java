package dev.rewind.connectors.archive.format;

import dev.rewind.connectors.record.LineHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The tokenizer shared by the bloom filters and the text filter: a token is a maximal run of ASCII
 * letters, digits, {@code _} and non-ASCII bytes, lower-cased, at least {@value #MIN_LENGTH}
 * characters. Because the text filter matches at token boundaries, every token of a search text is
 * a whole token of any matching line, which is what makes pruning frames by bloom filter exact.
 *
 * <p>Short all-digit tokens (up to {@value #MAX_SHORT_NUMBER} digits: durations, counts, ports,
 * status codes) are left out of bloom filters on both sides: they take thousands of distinct values
 * per frame, so they would dominate the filter's size, and people rarely search for them alone
 * (such a search is still answered exactly, just without pruning). So are the pieces of ISO
 * timestamps ({@code 01t10}, {@code 396z}): every line has a different one, and nobody searches
 * for them.
 */
public final class Tokens {
    public static final int MIN_LENGTH = 2;
    public static final int MAX_SHORT_NUMBER = 6;

    private Tokens() {
    }

    static boolean isTokenByte(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b < 0;
    }

    /** Feeds the hash of every token of {@code line[offset, offset+length)} to {@code sink}. */
    public static void hashes(byte[] line, int offset, int length, byte[] scratch, LongConsumer sink) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            while (i < end && !isTokenByte(line[i])) {
                i++;
            }
            int start = i;
            while (i < end && isTokenByte(line[i])) {
                i++;
            }
            int n = i - start;
            if (n >= MIN_LENGTH && !isShortNumber(line, start, n) && !isTimestampPiece(line, start, n)) {
                byte[] lower = n <= scratch.length ? scratch : new byte[n];
                for (int k = 0; k < n; k++) {
                    byte b = line[start + k];
                    lower[k] = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
                }
                sink.accept(LineHash.of(lower, 0, n));
            }
        }
    }

    private static boolean isShortNumber(byte[] line, int start, int n) {
        if (n > MAX_SHORT_NUMBER) {
            return false;
        }
        for (int k = start; k < start + n; k++) {
            if (line[k] < '0' || line[k] > '9') {
                return false;
            }
        }
        return true;
    }

    /** Digits, one {@code t} or {@code z}, and maybe digits: what an ISO timestamp splits into. */
    private static boolean isTimestampPiece(byte[] line, int start, int n) {
        int letters = 0;
        for (int k = start; k < start + n; k++) {
            byte b = line[k];
            if (b >= '0' && b <= '9') {
                continue;
            }
            if ((b == 't' || b == 'T' || b == 'z' || b == 'Z') && k > start && letters == 0) {
                letters++;
                continue;
            }
            return false;
        }
        return letters == 1;
    }

    /** The hashes of the tokens of a search text, as {@link #hashes} computes them for lines. */
    public static List<Long> hashesOf(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<Long> out = new ArrayList<>();
        hashes(bytes, 0, bytes.length, new byte[256], out::add);
        return out;
    }
}
