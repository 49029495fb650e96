package dev.rewind.connectors.filter;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A case-insensitive search for a text at token boundaries in raw line bytes: {@code timeout}
 * matches "read timeout after" and "TIMEOUT:", not "timeouts" or "ReadTimeout". Token boundaries
 * are what let a frame's token bloom filter rule the text out exactly (see
 * {@code archive.Tokens}). ASCII letters fold case; other bytes compare exactly. Immutable.
 */
final class TokenText implements Serializable {
    private final byte[] lower;
    private final boolean boundedStart;
    private final boolean boundedEnd;

    TokenText(String text) {
        this.lower = text.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        this.boundedStart = lower.length > 0 && isTokenByte(lower[0]);
        this.boundedEnd = lower.length > 0 && isTokenByte(lower[lower.length - 1]);
    }

    static boolean isTokenByte(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b < 0;
    }

    byte firstByte() {
        return lower[0];
    }

    /** True when the text starts at {@code at}, at token boundaries, within {@code [offset, end)}. */
    boolean matchesAt(byte[] line, int offset, int end, int at) {
        int n = lower.length;
        if (at + n > end) {
            return false;
        }
        if (boundedStart && at > offset && isTokenByte(line[at - 1])) {
            return false;
        }
        if (boundedEnd && at + n < end && isTokenByte(line[at + n])) {
            return false;
        }
        byte b = line[at];
        if (b >= 'A' && b <= 'Z') {
            b += 32;
        }
        return b == lower[0] && regionMatches(line, at);
    }

    boolean foundIn(byte[] line, int offset, int length) {
        int n = lower.length;
        int last = offset + length - n;
        byte first = lower[0];
        for (int i = offset; i <= last; i++) {
            byte b = line[i];
            if (b != first && (b < 'A' || b > 'Z' || b + 32 != first)) {
                continue;
            }
            if (boundedStart && i > offset && isTokenByte(line[i - 1])) {
                continue;
            }
            if (boundedEnd && i + n < offset + length && isTokenByte(line[i + n])) {
                continue;
            }
            if (regionMatches(line, i)) {
                return true;
            }
        }
        return false;
    }

    private boolean regionMatches(byte[] line, int at) {
        for (int k = 1; k < lower.length; k++) {
            byte b = line[at + k];
            if (b >= 'A' && b <= 'Z') {
                b += 32;
            }
            if (b != lower[k]) {
                return false;
            }
        }
        return true;
    }
}
