package dev.rewind.connectors.pattern;

import java.nio.charset.StandardCharsets;

/**
 * {@link MessageTemplates#byRegex}'s four replacements as four plain passes over an ASCII message's
 * bytes, each following its regular expression's leftmost, greedy matching exactly (the comments
 * give the reasoning where backtracking could matter). The indexer masks every WARN+ line, and the
 * regexes cost it microseconds each. Non-ASCII messages are left to the regexes, whose word
 * boundaries are Unicode-aware. Stateless.
 */
final class AsciiMasks {
    private static final byte[] WILDCARD = MessageTemplates.WILDCARD.getBytes(StandardCharsets.US_ASCII);
    private static final int WORD = 1;
    private static final int DIGIT = 2;
    private static final int HEX = 4;
    private static final int SPACE = 8;
    /** {@code [\w.\-]}: a path segment's characters. */
    private static final int PATH = 16;
    /** {@code [\w.\-:]}: the characters of a token that may hold a number. */
    private static final int RUN = 32;
    private static final int DASH = 64;
    private static final int DOT = 128;
    private static final int SLASH = 256;
    private static final byte[] CLASSES = new byte[128];
    /** {@link #CLASSES} plus the punctuation a pass needs to find anything: which passes can be skipped. */
    private static final short[] PRESENCE = new short[128];

    static {
        for (int c = 0; c < 128; c++) {
            int k = 0;
            boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (word) {
                k |= WORD | PATH | RUN;
            }
            if (c >= '0' && c <= '9') {
                k |= DIGIT;
            }
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                k |= HEX;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
                k |= SPACE; // \s
            }
            if (c == '.' || c == '-') {
                k |= PATH | RUN;
            }
            if (c == ':') {
                k |= RUN;
            }
            CLASSES[c] = (byte) k;
            PRESENCE[c] = (short) (k | (c == '-' ? DASH : 0) | (c == '.' ? DOT : 0) | (c == '/' ? SLASH : 0));
        }
    }

    private AsciiMasks() {
    }

    /** The template, or null when the message is not ASCII. */
    static String template(String message) {
        int n = message.length();
        for (int i = 0; i < n; i++) {
            if (message.charAt(i) >= 128) {
                return null;
            }
        }
        return template(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The template of the ASCII text {@code b[from, to)}, or null when it is not ASCII. */
    static String template(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return null;
            }
        }
        return template(java.util.Arrays.copyOfRange(b, from, to));
    }

    private static String template(byte[] s) {
        int present = 0;
        for (byte c : s) {
            present |= PRESENCE[c];
        }
        // A pass whose pattern needs a character the message lacks cannot change it. Masks only
        // take characters away, so what is absent stays absent for the later passes.
        if ((present & DASH) != 0 && s.length >= 36) {
            s = uuids(s);
        }
        if ((present & (DOT | DIGIT)) == (DOT | DIGIT)) {
            s = ips(s);
        }
        if ((present & SLASH) != 0) {
            s = paths(s);
        }
        if ((present & DIGIT) != 0) {
            s = withDigits(s);
        }
        return new String(s, StandardCharsets.ISO_8859_1).strip();
    }

    private static boolean is(byte[] s, int i, int kind) {
        return (CLASSES[s[i]] & kind) != 0;
    }

    /** Before a word character at {@code i}, {@code \b} holds when the character before is not one. */
    private static boolean boundaryBefore(byte[] s, int i) {
        return i == 0 || !is(s, i - 1, WORD);
    }

    /** After a word character ending at {@code i}, {@code \b} holds when the next is not one. */
    private static boolean boundaryAfter(byte[] s, int i) {
        return i == s.length || !is(s, i, WORD);
    }

    /** {@code \b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b}: fixed length, no choices. */
    static byte[] uuids(byte[] s) {
        Out out = null;
        int n = s.length;
        for (int i = 0; i + 36 <= n; i++) {
            if (s[i + 8] == '-' && is(s, i, HEX) && boundaryBefore(s, i) && uuidAt(s, i) && boundaryAfter(s, i + 36)) {
                out = Out.of(out, s).replace(i, i + 36);
                i += 35;
            }
        }
        return Out.finish(out, s);
    }

    private static boolean uuidAt(byte[] s, int i) {
        for (int k = 0; k < 36; k++) {
            if (k == 8 || k == 13 || k == 18 || k == 23 ? s[i + k] != '-' : !is(s, i + k, HEX)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code \b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b}. A group of 1-3 digits followed by a dot can
     * only be the whole run of digits (fewer leaves a digit where the dot must be), so each group is
     * a maximal run of at most three. The last group is likewise the whole run (fewer leaves a digit
     * after it, where {@code \b} fails); then a port is taken when its whole digit run ends at a
     * boundary, else the match ends after the fourth group if a boundary is there.
     */
    static byte[] ips(byte[] s) {
        Out out = null;
        int n = s.length;
        for (int i = 0; i < n; i++) {
            if (!is(s, i, DIGIT) || !boundaryBefore(s, i)) {
                continue;
            }
            int end = ipEnd(s, i);
            if (end > 0) {
                out = Out.of(out, s).replace(i, end);
                i = end - 1;
            }
        }
        return Out.finish(out, s);
    }

    private static int ipEnd(byte[] s, int i) {
        int n = s.length;
        int j = i;
        for (int group = 0; group < 4; group++) {
            int run = j;
            while (j < n && is(s, j, DIGIT)) {
                j++;
            }
            if (j - run < 1 || j - run > 3) {
                return -1;
            }
            if (group < 3) {
                if (j >= n || s[j] != '.') {
                    return -1;
                }
                j++;
            }
        }
        if (j + 1 < n && s[j] == ':' && is(s, j + 1, DIGIT)) {
            int k = j + 1;
            while (k < n && is(s, k, DIGIT)) {
                k++;
            }
            if (boundaryAfter(s, k)) {
                return k;
            }
        }
        return boundaryAfter(s, j) ? j : -1;
    }

    /**
     * {@code (?<=\s|^)(?:/[\w.\-]+){2,}/?}: after whitespace or at the start, two or more greedy
     * segments and an optional slash; nothing follows, so the greedy match stands.
     */
    static byte[] paths(byte[] s) {
        Out out = null;
        int n = s.length;
        for (int i = 0; i < n; i++) {
            if (s[i] != '/' || (i > 0 && !is(s, i - 1, SPACE))) {
                continue;
            }
            int j = i;
            int segments = 0;
            while (j + 1 < n && s[j] == '/' && is(s, j + 1, PATH)) {
                j += 2;
                while (j < n && is(s, j, PATH)) {
                    j++;
                }
                segments++;
            }
            if (segments >= 2) {
                if (j < n && s[j] == '/') {
                    j++;
                }
                out = Out.of(out, s).replace(i, j);
                i = j - 1;
            }
        }
        return Out.finish(out, s);
    }

    /**
     * {@code [\w.\-:]*\d[\w.\-:]*}: a match can only start on a run character, and from the start
     * of a run it covers the whole run when the run holds a digit (none from inside it otherwise).
     */
    static byte[] withDigits(byte[] s) {
        Out out = null;
        int n = s.length;
        int i = 0;
        while (i < n) {
            if (!is(s, i, RUN)) {
                i++;
                continue;
            }
            int start = i;
            int kinds = 0;
            while (i < n && is(s, i, RUN)) {
                kinds |= CLASSES[s[i]];
                i++;
            }
            if ((kinds & DIGIT) != 0) {
                out = Out.of(out, s).replace(start, i);
            }
        }
        return Out.finish(out, s);
    }

    /** One pass's output: the input copied up to each match, then the wildcard in its place. */
    private static final class Out {
        private final byte[] in;
        private byte[] buf;
        private int length;
        private int copied;

        private Out(byte[] in) {
            this.in = in;
            this.buf = new byte[in.length + 8];
        }

        static Out of(Out out, byte[] in) {
            return out != null ? out : new Out(in);
        }

        Out replace(int from, int to) {
            append(in, copied, from - copied);
            append(WILDCARD, 0, WILDCARD.length);
            copied = to;
            return this;
        }

        private void append(byte[] b, int from, int n) {
            if (length + n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, length + n));
            }
            System.arraycopy(b, from, buf, length, n);
            length += n;
        }

        static byte[] finish(Out out, byte[] in) {
            if (out == null) {
                return in;
            }
            out.append(in, out.copied, in.length - out.copied);
            return java.util.Arrays.copyOf(out.buf, out.length);
        }
    }
}
