package dev.rewind.connectors.pattern;

import dev.rewind.connectors.record.LineHash;
import java.util.regex.Pattern;

/**
 * A message's template by masking its variable parts (UUIDs, IP addresses, hex ids, numbers,
 * paths) with {@code <*>}. Deliberately simple: enough to group WARN and ERROR lines in sidecar
 * pre-aggregates. Thread-safe.
 */
public final class MessageTemplates {
    public static final String WILDCARD = "<*>";

    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern IP = Pattern.compile("\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d+)?\\b");
    private static final Pattern PATH = Pattern.compile("(?<=\\s|^)(?:/[\\w.\\-]+){2,}/?");
    /** A token with a digit in it: ids like req-8f3a9, blk_123, 250ms, 0x1f. */
    private static final Pattern WITH_DIGIT = Pattern.compile("[\\w.\\-:]*\\d[\\w.\\-:]*");

    private MessageTemplates() {
    }

    /** The template of {@code message}, with every variable part as {@code <*>}. */
    public static String of(String message) {
        String fast = AsciiMasks.template(message);
        return fast != null ? fast : byRegex(message);
    }

    /** The template of the message held as the ASCII bytes {@code b[from, to)} (the indexer's path). */
    public static String ofAscii(byte[] b, int from, int to) {
        String fast = AsciiMasks.template(b, from, to);
        return fast != null ? fast : byRegex(new String(b, from, to - from, java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The definition: four regular expressions applied in turn. {@link AsciiMasks} does the same in
     * four hand-written passes for ASCII messages (the indexer masks every WARN+ line, and the
     * regexes cost it microseconds each); {@code MessageTemplatesTest} holds the two equal.
     */
    static String byRegex(String message) {
        String masked = UUID.matcher(message).replaceAll(WILDCARD);
        masked = IP.matcher(masked).replaceAll(WILDCARD);
        masked = PATH.matcher(masked).replaceAll(WILDCARD);
        masked = WITH_DIGIT.matcher(masked).replaceAll(WILDCARD);
        return masked.strip();
    }

    /** A template's id: derived from its text only, so it is the same in every archive and run. */
    public static String idOf(String template) {
        String hex = Long.toHexString(LineHash.of(template)); // the first 12 of its 16 zero-padded hex digits
        return ("0".repeat(16 - hex.length()) + hex).substring(0, 12);
    }
}
