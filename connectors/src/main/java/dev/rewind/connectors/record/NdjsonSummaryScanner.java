package dev.rewind.connectors.record;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads an NDJSON line's time, level, service and message the way {@link NdjsonLineParser#parse}
 * would, without Jackson: the indexer reads every line of every foreign archive, and Jackson's
 * walk cost it more than decompressing them. It accepts a strict subset of what Jackson accepts (a
 * flat object of plain ASCII strings, JSON numbers and literals, checked to the end of the line)
 * and says "don't know" for everything else (escapes, non-ASCII bytes, nested values, a role field
 * holding a number, any syntax it does not follow), which the caller hands to the parser. So for
 * every line it answers, the answer is the parser's; {@code NdjsonSummaryScannerTest} checks that
 * on generated lines. Not thread-safe: one per reader.
 */
final class NdjsonSummaryScanner {
    /** Jackson's default limits (StreamReadConstraints): beyond them it fails where this would not. */
    private static final int MAX_NUMBER_LENGTH = 1000;
    private static final int MAX_NAME_LENGTH = 50_000;
    private static final int MAX_STRING_LENGTH = 20_000_000;
    private static final int ROLES = 4;
    static final int TIME = 0;
    static final int LEVEL = 1;
    static final int SERVICE = 2;
    static final int MESSAGE = 3;

    /** Role field names by length: names[length] lists the candidates, with their role and preference. */
    private final byte[][][] namesByLength;
    private final int[][] roleByLength;
    private final int[][] preferenceByLength;
    private final TimestampParser timestamps;

    private final int[] from = new int[ROLES];
    private final int[] to = new int[ROLES];
    private final int[] preference = new int[ROLES];
    private final long[] time = new long[2];
    private final FastIso.Minute minute = new FastIso.Minute();
    private final SpellingCache<Level> levels = new SpellingCache<>();
    private final SpellingCache<String> services = new SpellingCache<>();

    /**
     * @param roleFields field name → {role, preference} as the parser registered them, for the four
     *                   roles read here (other roles' fields are ordinary fields to this scanner)
     */
    NdjsonSummaryScanner(Map<String, int[]> roleFields, TimestampParser timestamps) {
        this.timestamps = timestamps;
        int longest = 0;
        for (String name : roleFields.keySet()) {
            longest = Math.max(longest, name.getBytes(StandardCharsets.UTF_8).length);
        }
        java.util.List<java.util.List<Map.Entry<String, int[]>>> byLength = new java.util.ArrayList<>();
        for (int length = 0; length <= longest; length++) {
            byLength.add(new java.util.ArrayList<>());
        }
        for (Map.Entry<String, int[]> e : roleFields.entrySet()) {
            byLength.get(e.getKey().getBytes(StandardCharsets.UTF_8).length).add(e);
        }
        namesByLength = new byte[longest + 1][][];
        roleByLength = new int[longest + 1][];
        preferenceByLength = new int[longest + 1][];
        for (int length = 0; length <= longest; length++) {
            var matching = byLength.get(length);
            namesByLength[length] = new byte[matching.size()][];
            roleByLength[length] = new int[matching.size()];
            preferenceByLength[length] = new int[matching.size()];
            for (int k = 0; k < matching.size(); k++) {
                namesByLength[length][k] = matching.get(k).getKey().getBytes(StandardCharsets.UTF_8);
                roleByLength[length][k] = matching.get(k).getValue()[0];
                preferenceByLength[length][k] = matching.get(k).getValue()[1];
            }
        }
    }

    int scan(byte[] b, int offset, int length, LineSummary out) {
        int end = offset + length;
        if (walk(b, offset, end, false) >= 0) {
            return finish(b, out);
        }
        return fieldByField(b, stoppedAt, end, stoppedNode, stoppedNode == layouts, out);
    }

    /**
     * For a line starting at {@code offset} whose end is not known yet (the bytes up to {@code limit}
     * are buffered): when a learnt layout reads it to its end, fills {@code out} and answers where
     * its newline is, so the reader need not search for it; else -1, and nothing has changed.
     *
     * @return -1, or the newline's index times two plus one when {@code out} holds the line's time
     */
    int scanToNewline(byte[] b, int offset, int limit, LineSummary out) {
        int contentEnd = walk(b, offset, limit, true);
        if (contentEnd < 0) {
            return -1;
        }
        int newline = b[contentEnd] == '\n' ? contentEnd : contentEnd + 1;
        return newline << 1 | finish(b, out);
    }

    /** Where {@link #walk} left a line it could not follow to the end: the last layout matched, and the position after it. */
    private Layout stoppedNode;
    private int stoppedAt;

    /**
     * Follows the layouts of earlier lines as far as this line matches one.
     *
     * @param open true when {@code end} is only how far the buffer goes: the line must then end with
     *             a newline ({@code \n} or {@code \r\n}) after its last literal
     * @return the end of the line's content when a layout reads it all; -1 otherwise, with
     *         {@link #stoppedNode} and {@link #stoppedAt} saying where it departed
     */
    private int walk(byte[] b, int offset, int end, boolean open) {
        // Kept small (the work is in the helpers) so that the JIT inlines it into both callers: a
        // walk compiled on its own measured ~15% slower per line.
        for (int r = 0; r < ROLES; r++) {
            preference[r] = Integer.MAX_VALUE;
        }
        Layout node = layouts;
        int i = offset;
        while (true) {
            Layout child = node.childAt(b, i, end, open);
            if (child == null) {
                break;
            }
            int at = i + child.literal.length;
            if (child.kind == Layout.END) {
                return at;
            }
            int after = child.kind == Layout.STRING ? plainStringEnd(b, at, end) + 1
                    : child.kind == Layout.NUMBER ? numberEnd(b, at, end) : at;
            if (after <= 0) {
                break; // not the layout's kind of value here: read field by field
            }
            if (child.role >= 0 && child.preference < preference[child.role]) {
                preference[child.role] = child.preference;
                from[child.role] = at;
                to[child.role] = after - 1;
            }
            node = child;
            i = after;
        }
        stoppedNode = node;
        stoppedAt = i;
        return -1;
    }

    /**
     * The field-by-field reading, from the line's start or from just after a value; on success the
     * line's layout from {@code parent} on is learnt, so the next line like it is matched instead.
     */
    private int fieldByField(byte[] b, int i, int end, Layout parent, boolean atStart, LineSummary out) {
        int fields = 0;
        int literalStart = i;
        if (atStart) {
            while (i < end && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
            if (i >= end || b[i] != '{') {
                return -1;
            }
            i = space(b, i + 1, end);
            if (i < end && b[i] == '}') {
                return end(b, i + 1, end, parent, fields, literalStart, out);
            }
        } else {
            i = space(b, i, end);
            if (i >= end) {
                return -1;
            }
            if (b[i] == '}') {
                return end(b, i + 1, end, parent, fields, literalStart, out);
            }
            if (b[i] != ',') {
                return -1;
            }
            i = space(b, i + 1, end);
        }
        while (true) {
            if (i >= end || b[i] != '"') {
                return -1;
            }
            int keyFrom = i + 1;
            int keyTo = plainStringEnd(b, keyFrom, end);
            if (keyTo < 0 || keyTo - keyFrom > MAX_NAME_LENGTH) {
                return -1;
            }
            i = space(b, keyTo + 1, end);
            if (i >= end || b[i] != ':') {
                return -1;
            }
            i = space(b, i + 1, end);
            if (i >= end) {
                return -1;
            }
            int role = -1;
            int rolePreference = 0;
            int keyLength = keyTo - keyFrom;
            if (keyLength < namesByLength.length) {
                byte[][] names = namesByLength[keyLength];
                for (int k = 0; k < names.length; k++) {
                    if (same(b, keyFrom, names[k])) {
                        role = roleByLength[keyLength][k];
                        rolePreference = preferenceByLength[keyLength][k];
                        break;
                    }
                }
            }
            byte c = b[i];
            int kind;
            int valueFrom = i;
            if (c == '"') {
                kind = Layout.STRING;
                valueFrom = i + 1;
                int valueTo = plainStringEnd(b, valueFrom, end);
                if (valueTo < 0 || valueTo - valueFrom > MAX_STRING_LENGTH) {
                    return -1;
                }
                if (role >= 0 && rolePreference < preference[role]) {
                    preference[role] = rolePreference;
                    from[role] = valueFrom;
                    to[role] = valueTo;
                }
                i = valueTo + 1;
            } else if (c == 'n' && literal(b, i, end, NULL)) {
                kind = Layout.FIXED;
                i += 4; // null: the parser ignores the field, whatever its role
            } else if (role >= 0) {
                return -1; // a number, boolean or structure in a role field: the parser reads its text
            } else if (c == 't' && literal(b, i, end, TRUE)) {
                kind = Layout.FIXED;
                i += 4;
            } else if (c == 'f' && literal(b, i, end, FALSE)) {
                kind = Layout.FIXED;
                i += 5;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                kind = Layout.NUMBER;
                i = numberEnd(b, i, end);
                if (i < 0) {
                    return -1;
                }
            } else {
                return -1; // nested object or array, or not JSON
            }
            fields = path(fields, literalStart, kind == Layout.FIXED ? i : valueFrom, kind,
                    kind == Layout.FIXED ? -1 : role, rolePreference);
            literalStart = i;
            i = space(b, i, end);
            if (i >= end) {
                return -1;
            }
            if (b[i] == ',') {
                i = space(b, i + 1, end);
            } else if (b[i] == '}') {
                return end(b, i + 1, end, parent, fields, literalStart, out);
            } else {
                return -1;
            }
        }
    }

    /** After the closing brace: only whitespace may follow; then the line is read, and its layout learnt. */
    private int end(byte[] b, int i, int end, Layout parent, int fields, int literalStart, LineSummary out) {
        if (space(b, i, end) != end) {
            return -1; // trailing content: the parser decides what it is
        }
        fields = path(fields, literalStart, end, Layout.END, -1, 0);
        learn(b, parent, fields);
        return finish(b, out);
    }

    private int finish(byte[] b, LineSummary out) {
        Level level = preference[LEVEL] == Integer.MAX_VALUE ? Level.UNKNOWN
                : levels.get(b, from[LEVEL], to[LEVEL], s -> Level.fromText(s));
        String service = preference[SERVICE] == Integer.MAX_VALUE ? "" : services.get(b, from[SERVICE], to[SERVICE], s -> s);
        if (preference[MESSAGE] == Integer.MAX_VALUE) {
            out.set(level, service, null, 0, 0);
        } else {
            out.set(level, service, b, from[MESSAGE], to[MESSAGE]);
        }
        if (preference[TIME] == Integer.MAX_VALUE || !timestamps.readAscii(b, from[TIME], to[TIME], time, minute)) {
            return 0;
        }
        out.time(time[0], (int) time[1]);
        return 1;
    }

    // ---- layouts: the shapes of lines seen, as a tree of literal runs between variable values ----

    /** Beyond this many layout nodes no more are learnt (lines with ever-new keys are read field by field). */
    private static final int MAX_LAYOUT_NODES = 4096;
    private final Layout layouts = new Layout(new byte[0], Layout.FIXED, -1, 0);
    private int layoutNodes;
    /** The fields of the line being read: {literal start, value start, kind, role, preference} each. */
    private int[] pathFields = new int[5 * 16];

    private int path(int fields, int literalStart, int valueStart, int kind, int role, int rolePreference) {
        if (5 * (fields + 1) > pathFields.length) {
            pathFields = java.util.Arrays.copyOf(pathFields, pathFields.length * 2);
        }
        int at = 5 * fields;
        pathFields[at] = literalStart;
        pathFields[at + 1] = valueStart;
        pathFields[at + 2] = kind;
        pathFields[at + 3] = role;
        pathFields[at + 4] = rolePreference;
        return fields + 1;
    }

    private void learn(byte[] b, Layout parent, int fields) {
        Layout node = parent;
        for (int f = 0; f < fields && layoutNodes < MAX_LAYOUT_NODES; f++) {
            int at = 5 * f;
            byte[] literal = java.util.Arrays.copyOfRange(b, pathFields[at], pathFields[at + 1]);
            Layout child = node.find(literal, pathFields[at + 2]);
            if (child == null) {
                child = node.add(new Layout(literal, pathFields[at + 2], pathFields[at + 3], pathFields[at + 4]));
                layoutNodes++;
            }
            node = child;
        }
    }

    /**
     * One step of a line's layout: literal bytes (whitespace, punctuation, a key, and for {@code
     * FIXED} a {@code true}/{@code false}/{@code null} value), then a value of {@code kind}: a
     * string's contents (the literal ends with its opening quote, the next begins with its closing
     * one), a number, nothing ({@code FIXED}), or the end of the line ({@code END}).
     */
    private static final class Layout {
        static final int STRING = 0;
        static final int NUMBER = 1;
        static final int FIXED = 2;
        static final int END = 3;

        final byte[] literal;
        final long[] words;
        /** The literal's last eight bytes (or all of a shorter one, zero-padded), and which bits of that word count. */
        final long last;
        final long lastMask;
        /** The literal's first eight bytes (zero-padded) and which bits of that word count. */
        final long first;
        final long firstMask;
        final int kind;
        final int role;
        final int preference;
        Layout[] next = new Layout[0];
        int nextCount;

        Layout(byte[] literal, int kind, int role, int preference) {
            this.literal = literal;
            this.kind = kind;
            this.role = role;
            this.preference = preference;
            this.words = new long[literal.length / 8];
            for (int w = 0; w < words.length; w++) {
                words[w] = AsciiWords.word(literal, w * 8);
            }
            byte[] tail = new byte[8];
            int n = literal.length;
            System.arraycopy(literal, Math.max(0, n - 8), tail, 0, Math.min(8, n));
            last = AsciiWords.word(tail, 0);
            lastMask = n >= 8 ? -1L : (1L << (8 * n)) - 1;
            byte[] head = java.util.Arrays.copyOf(literal, 8);
            first = AsciiWords.word(head, 0);
            firstMask = lastMask;
        }

        /**
         * The child whose literal the line has at {@code i} (for an end, the line must end right
         * after it: at {@code end}, or, when {@code open}, at a newline); null when none.
         */
        Layout childAt(byte[] b, int i, int end, boolean open) {
            // The line's next eight bytes against each candidate's first eight: siblings (the keys
            // that may follow a value) nearly always differ there, so most are ruled out by one compare.
            boolean wordFits = i <= b.length - 8;
            long word = wordFits ? AsciiWords.word(b, i) : 0;
            for (int k = 0; k < nextCount; k++) {
                Layout child = next[k];
                int n = child.literal.length;
                if (wordFits) {
                    if (((word ^ child.first) & child.firstMask) != 0 || end - i < n) {
                        continue;
                    }
                    // the first word matched; a literal of 9-16 bytes (most: a key with its
                    // punctuation) has one more, overlapping word to compare
                    if (n > 8 && (n > 16 ? !child.literalAt(b, i, end) : AsciiWords.word(b, i + n - 8) != child.last)) {
                        continue;
                    }
                } else if (!child.literalAt(b, i, end)) {
                    continue;
                }
                if (child.kind == END && !endsAt(b, i + n, end, open)) {
                    continue;
                }
                return child;
            }
            return null;
        }

        private static boolean endsAt(byte[] b, int at, int end, boolean open) {
            return open ? at < end && (b[at] == '\n' || (b[at] == '\r' && at + 1 < end && b[at + 1] == '\n')) : at == end;
        }

        boolean literalAt(byte[] b, int i, int end) {
            int n = literal.length;
            if (end - i < n) {
                return false;
            }
            if (i + 8 > b.length || n == 0) {
                return java.util.Arrays.equals(b, i, i + n, literal, 0, n);
            }
            for (int w = 0; w < words.length; w++) {
                if (AsciiWords.word(b, i + w * 8) != words[w]) {
                    return false;
                }
            }
            if (n < 8) {
                // one word from i, its bytes beyond the literal masked off
                return ((AsciiWords.word(b, i) ^ last) & lastMask) == 0;
            }
            return AsciiWords.word(b, i + n - 8) == last; // the last eight bytes, overlapping
        }

        Layout find(byte[] literal, int kind) {
            for (int k = 0; k < nextCount; k++) {
                if (next[k].kind == kind && java.util.Arrays.equals(next[k].literal, literal)) {
                    return next[k];
                }
            }
            return null;
        }

        Layout add(Layout child) {
            if (nextCount == next.length) {
                next = java.util.Arrays.copyOf(next, Math.max(2, nextCount * 2));
            }
            next[nextCount++] = child;
            return child;
        }
    }

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private static boolean literal(byte[] b, int i, int end, byte[] word) {
        return end - i >= word.length && same(b, i, word);
    }

    private static boolean same(byte[] b, int from, byte[] name) {
        for (int k = 0; k < name.length; k++) {
            if (b[from + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    /** Just past a JSON number starting at {@code i} (RFC 8259's grammar, as Jackson's defaults); -1 if it is not one. */
    private static int numberEnd(byte[] b, int i, int end) {
        int start = i;
        if (i >= end) {
            return -1; // an open line cut by the buffer's end just where a value starts
        }
        if (b[i] == '-') {
            i++;
        }
        if (i >= end) {
            return -1;
        }
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
        } else {
            return -1;
        }
        if (i < end && b[i] == '.') {
            int digits = ++i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == digits) {
                return -1;
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int digits = i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == digits) {
                return -1;
            }
        }
        // "012" or "1x": Jackson refuses what follows; the caller's delimiter check catches letters,
        // a leading zero followed by a digit is caught here
        if (i < end && b[i] >= '0' && b[i] <= '9') {
            return -1;
        }
        return i - start > MAX_NUMBER_LENGTH ? -1 : i;
    }

    private static int space(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }

    /**
     * The closing quote of a string of plain ASCII starting at {@code i}, or -1 when it holds an
     * escape, a control character or a non-ASCII byte (or has no end). Eight bytes at a time.
     */
    private static int plainStringEnd(byte[] b, int i, int end) {
        // Eight bytes at a time, reading past the line's end where the buffer allows (what lies
        // there is ignored): the lowest flagged byte of a word is always a real match (the
        // zero-byte trick's false flags sit only above a real one), so no byte loop is needed.
        int limit = b.length - 8;
        for (; i <= limit; i += 8) {
            long special = AsciiWords.specials(AsciiWords.word(b, i));
            if (special != 0) {
                int at = i + (Long.numberOfTrailingZeros(special) >>> 3);
                return at < end && b[at] == '"' ? at : -1;
            }
            // No end check here: past the line's end comes its newline (a control byte, so
            // flagged) or the next line's quote, so the loop stops within a word of the end.
        }
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c == '\\' || c < 0x20) { // also every byte >= 0x80, negative as a Java byte
                return -1;
            }
        }
        return -1;
    }

    /**
     * A few recent spellings of one field (levels, services) and what they read as, to make no
     * string per line. A spelling is found by its first eight bytes and its length, then confirmed.
     */
    private static final class SpellingCache<T> {
        private static final int SIZE = 16;
        private final byte[][] spellings = new byte[SIZE][];
        private final long[] heads = new long[SIZE];
        private final Object[] values = new Object[SIZE];
        private int count;
        private int next;

        @SuppressWarnings("unchecked")
        T get(byte[] b, int from, int to, java.util.function.Function<String, T> read) {
            int n = to - from;
            long head = head(b, from, n);
            for (int k = 0; k < count; k++) {
                byte[] s = spellings[k];
                if (heads[k] == head && s.length == n
                        && (n <= 8 || java.util.Arrays.equals(b, from + 8, to, s, 8, n))) {
                    return (T) values[k];
                }
            }
            T value = read.apply(new String(b, from, n, StandardCharsets.ISO_8859_1));
            if (n <= 256) {
                spellings[next] = java.util.Arrays.copyOfRange(b, from, to);
                heads[next] = head;
                values[next] = value;
                next = (next + 1) % SIZE;
                count = Math.min(count + 1, SIZE);
            }
            return value;
        }

        /** The first eight bytes (fewer when shorter, zero-padded) as a word. */
        private static long head(byte[] b, int from, int n) {
            if (n >= 8) {
                return AsciiWords.word(b, from);
            }
            if (from + 8 <= b.length) {
                return AsciiWords.word(b, from) & ((1L << (8 * n)) - 1); // the bytes past the spelling masked off
            }
            long w = 0;
            for (int k = n - 1; k >= 0; k--) {
                w = w << 8 | (b[from + k] & 0xFF);
            }
            return w;
        }
    }
}
