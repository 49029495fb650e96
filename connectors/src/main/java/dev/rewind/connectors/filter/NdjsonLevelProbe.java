package dev.rewind.connectors.filter;

import dev.rewind.connectors.record.AsciiWords;
import dev.rewind.connectors.record.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides from an NDJSON line's bytes whether its level can be one of the wanted ones, reading only
 * as far as the level field. Searching the whole line for level spellings (what works for any
 * format) costs a case-folded scan of every byte and is fooled by "error" in messages; here the
 * top-level keys are walked in order and the value of the level field the parser would pick is
 * compared, so a typical line is decided after its first ~50 bytes.
 *
 * <p>It is a necessary condition, never a final answer: whatever it cannot read with certainty
 * (escapes in a key or in the level value, a line that is not an object, broken structure) answers
 * "may match" and the full parse decides. It mirrors {@code NdjsonLineParser}: the first-listed
 * level field that is present wins; a non-string value reads as UNKNOWN. Immutable.
 */
final class NdjsonLevelProbe {
    private static final int MAYBE = -1;
    private static final int NO = 0;
    private static final int YES = 1;

    /** Level field names in preference order, as bytes. */
    private final byte[][] fieldNames;
    /** Upper-case spellings of the wanted levels. */
    private final byte[][] spellings;

    NdjsonLevelProbe(List<String> levelFields, Set<Level> wanted) {
        this.fieldNames = levelFields.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        List<byte[]> words = new ArrayList<>();
        for (Level level : wanted) {
            level.spellings().forEach(s -> words.add(s.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII)));
        }
        this.spellings = words.toArray(byte[][]::new);
    }

    /**
     * The shape of the last line decided at the first-listed level field: its bytes up to the level
     * value, where string values before it may differ in content but not in length (lines of one
     * archive are written by one logger, so nearly every line has the same shape). A line of the
     * same shape is decided by comparing a few words instead of walking its keys; any difference
     * falls back to the walk, which records the new shape. Not thread-safe: one probe per reader.
     */
    private byte[] shape;
    /** Pairs of [start, end) in {@link #shape} that are string contents: any bytes but quote and backslash. */
    private int[] wild = new int[8];
    private int wildCount;
    private int shapeLength;
    /** While walking: where the current line's string values were, for recording its shape. */
    private int[] walkWild = new int[8];
    private int walkWildCount;
    private boolean walkPlain;

    /** False only when the line's level is certainly none of the wanted ones. */
    boolean mayMatch(byte[] line, int offset, int length) {
        int end = offset + length;
        if (shape != null && length > shapeLength && sameShape(line, offset)) {
            int valueEnd = stringEnd(line, offset + shapeLength, end);
            if (valueEnd >= 0) {
                return isWanted(line, offset + shapeLength, valueEnd);
            }
        }
        return probe(line, offset, end) != NO;
    }

    private boolean sameShape(byte[] line, int offset) {
        int at = 0;
        for (int w = 0; w < wildCount; w += 2) {
            if (!java.util.Arrays.equals(line, offset + at, offset + wild[w], shape, at, wild[w])) {
                return false;
            }
            if (hasQuoteOrBackslash(line, offset + wild[w], offset + wild[w + 1])) {
                return false;
            }
            at = wild[w + 1];
        }
        return java.util.Arrays.equals(line, offset + at, offset + shapeLength, shape, at, shapeLength);
    }

    private static boolean hasQuoteOrBackslash(byte[] b, int i, int end) {
        for (; i + 8 <= end; i += 8) {
            if (AsciiWords.quotesOrBackslashes(AsciiWords.word(b, i)) != 0) {
                return true;
            }
        }
        for (; i < end; i++) {
            if (b[i] == '"' || b[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    /** Keeps the walked line's shape up to {@code valueStart}, when every value before it was a plain string. */
    private void remember(byte[] line, int offset, int valueStart) {
        if (!walkPlain) {
            return;
        }
        shapeLength = valueStart - offset;
        shape = java.util.Arrays.copyOfRange(line, offset, valueStart);
        wild = java.util.Arrays.copyOf(walkWild, walkWildCount);
        wildCount = walkWildCount;
    }

    private void noteString(int offset, int from, int to) {
        if (walkWildCount + 2 > walkWild.length) {
            walkWild = java.util.Arrays.copyOf(walkWild, walkWild.length * 2);
        }
        walkWild[walkWildCount++] = from - offset;
        walkWild[walkWildCount++] = to - offset;
    }

    private int probe(byte[] b, int i, int end) {
        int offset = i;
        walkWildCount = 0;
        walkPlain = true;
        i = skipSpace(b, i, end);
        if (i >= end || b[i] != '{') {
            return MAYBE; // not an object: the parser keeps it as UNKNOWN, or something else decides
        }
        int bestPreference = Integer.MAX_VALUE;
        int bestVerdict = NO; // no level field at all → UNKNOWN, which a probe is never built for
        i++;
        while (true) {
            i = skipSpace(b, i, end);
            if (i >= end) {
                return MAYBE;
            }
            if (b[i] == '}') {
                return bestVerdict;
            }
            if (b[i] == ',') {
                i++;
                continue;
            }
            if (b[i] != '"') {
                return MAYBE;
            }
            int keyStart = i + 1;
            int keyEnd = stringEnd(b, keyStart, end);
            if (keyEnd < 0) {
                return MAYBE; // escaped or unterminated key
            }
            i = skipSpace(b, keyEnd + 1, end);
            if (i >= end || b[i] != ':') {
                return MAYBE;
            }
            i = skipSpace(b, i + 1, end);
            if (i >= end) {
                return MAYBE;
            }
            int preference = preferenceOf(b, keyStart, keyEnd);
            if (preference >= 0 && preference < bestPreference) {
                int verdict;
                if (b[i] == '"') {
                    int valueEnd = stringEnd(b, i + 1, end);
                    if (valueEnd < 0) {
                        return MAYBE;
                    }
                    verdict = isWanted(b, i + 1, valueEnd) ? YES : NO;
                    if (preference == 0) {
                        remember(b, offset, i + 1);
                    }
                } else if (b[i] == 'n') {
                    verdict = bestVerdict; // null: the parser ignores the field
                    preference = bestPreference;
                } else {
                    verdict = NO; // a number or other literal reads as UNKNOWN
                }
                bestPreference = preference;
                bestVerdict = verdict;
                if (bestPreference == 0) {
                    return bestVerdict; // the first-listed field cannot be displaced (the first occurrence wins)
                }
            }
            if (b[i] == '"') {
                int valueEnd = stringEnd(b, i + 1, end);
                if (valueEnd >= 0) {
                    noteString(offset, i + 1, valueEnd); // a plain string: its content may vary in other lines
                    i = valueEnd + 1;
                    continue;
                }
            }
            walkPlain = false; // an escaped string, a number, an object...: lines like this are walked
            i = skipValue(b, i, end);
            if (i < 0) {
                return MAYBE;
            }
        }
    }

    private int preferenceOf(byte[] b, int from, int to) {
        for (int p = 0; p < fieldNames.length; p++) {
            byte[] name = fieldNames[p];
            if (name.length == to - from && sameBytes(b, from, name)) {
                return p;
            }
        }
        return -1;
    }

    /** A plain loop: for names this short, {@code Arrays.equals}' vectorised path costs more than it saves. */
    private static boolean sameBytes(byte[] b, int from, byte[] name) {
        for (int k = 0; k < name.length; k++) {
            if (b[from + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    /** Trimmed, case-insensitive comparison with the wanted spellings (as {@code Level.fromText}). */
    private boolean isWanted(byte[] b, int from, int to) {
        while (from < to && b[from] <= ' ') {
            from++;
        }
        while (to > from && b[to - 1] <= ' ') {
            to--;
        }
        outer:
        for (byte[] word : spellings) {
            if (word.length != to - from) {
                continue;
            }
            for (int k = 0; k < word.length; k++) {
                byte c = b[from + k];
                if (c >= 'a' && c <= 'z') {
                    c -= 32;
                }
                if (c != word[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Index of the closing quote of a string starting at {@code i}; -1 if it has an escape or no end. */
    private static int stringEnd(byte[] b, int i, int end) {
        // Eight bytes at a time: a word with no quote and no backslash is skipped whole (timestamps,
        // hosts and messages are mostly such runs).
        for (; i + 8 <= end; i += 8) {
            if (AsciiWords.quotesOrBackslashes(AsciiWords.word(b, i)) != 0) {
                break; // the byte loop below finds which, and where
            }
        }
        for (; i < end; i++) {
            if (b[i] == '"') {
                return i;
            }
            if (b[i] == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** The index just past the value starting at {@code i}; -1 when the structure cannot be followed. */
    private static int skipValue(byte[] b, int i, int end) {
        int depth = 0;
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                i = skipString(b, i + 1, end);
                if (i < 0) {
                    return -1;
                }
                if (depth == 0) {
                    return i + 1;
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return i; // the end of the enclosing object
                }
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the closing quote of a string (escapes allowed) starting at {@code i}, or -1. */
    private static int skipString(byte[] b, int i, int end) {
        for (; i < end; i++) {
            if (b[i] == '\\') {
                i++;
            } else if (b[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpace(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }
}
