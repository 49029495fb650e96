package dev.rewind.connectors.record;

/**
 * Reads one line of a known format. Implementations are not thread-safe; make one per reader with
 * {@link LineParsers#create}.
 */
public interface LineParser {

    /**
     * @param line  the raw bytes of the line, without its terminator
     * @param text  the same line decoded as UTF-8 (malformed bytes replaced)
     * @return what the line says, or null when the line is not in this format
     */
    ParsedLine parse(byte[] line, int offset, int length, String text);

    /**
     * The line's time and level exactly as {@link #parse} reads them, for counting; null when the
     * line is not in this format. Formats that cannot do better parse the whole line.
     */
    default TimeAndLevel timeAndLevel(byte[] line, int offset, int length) {
        ParsedLine parsed = parse(line, offset, length, new String(line, offset, length, java.nio.charset.StandardCharsets.UTF_8));
        return parsed == null ? null : new TimeAndLevel(parsed.timestamp(), parsed.level());
    }

    /**
     * The line's time, level, service and message into {@code out}, exactly as {@link #parse}
     * reads them, for formats that can do it faster than parsing; the decoder parses otherwise.
     *
     * @return -1 when the line must be parsed instead; 0 when {@code out} is filled but the line has
     *         no usable time (it inherits the previous line's); 1 when {@code out} also holds its time
     */
    default int summarize(byte[] line, int offset, int length, LineSummary out) {
        return -1;
    }

    /**
     * {@link #summarize} for a line whose end is not known yet, when the format can find it while
     * reading the line (sparing the reader its newline search): {@code line[offset, limit)} is what
     * is buffered.
     *
     * @return -1 when it cannot tell (nothing has changed: the caller finds the line's end and calls
     *         {@link #summarize}); else the newline's index times two, plus one when {@code out}
     *         holds the line's time
     */
    default int summarizeToNewline(byte[] line, int offset, int limit, LineSummary out) {
        return -1;
    }
}
