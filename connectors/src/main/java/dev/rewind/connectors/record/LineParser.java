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
}
