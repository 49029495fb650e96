package dev.rewind.connectors.record;

import java.util.Locale;
import java.util.Map;

/**
 * Severity of a log line. {@code UNKNOWN} is for lines with no level, including lines that did not
 * parse at all. The ordinal is stored in sidecar indexes: append new constants, never reorder.
 */
public enum Level {
    TRACE, DEBUG, INFO, WARN, ERROR, FATAL, UNKNOWN;

    /** Number of constants; sidecars store one counter per level in this order. */
    public static final int COUNT = values().length;

    private static final Level[] VALUES = values();

    // Spellings seen in the wild: syslog severities, log4j/logback, Python, Apache httpd, BGL.
    private static final Map<String, Level> ALIASES = Map.ofEntries(
            Map.entry("TRACE", TRACE), Map.entry("FINEST", TRACE), Map.entry("FINER", TRACE),
            Map.entry("DEBUG", DEBUG), Map.entry("FINE", DEBUG), Map.entry("DBG", DEBUG),
            Map.entry("INFO", INFO), Map.entry("INFORMATION", INFO), Map.entry("NOTICE", INFO),
            Map.entry("CONFIG", INFO), Map.entry("INF", INFO),
            Map.entry("WARN", WARN), Map.entry("WARNING", WARN), Map.entry("WRN", WARN),
            Map.entry("ERROR", ERROR), Map.entry("ERR", ERROR), Map.entry("SEVERE", ERROR),
            Map.entry("FAILURE", ERROR),
            Map.entry("FATAL", FATAL), Map.entry("CRITICAL", FATAL), Map.entry("CRIT", FATAL),
            Map.entry("ALERT", FATAL), Map.entry("EMERG", FATAL), Map.entry("EMERGENCY", FATAL),
            Map.entry("PANIC", FATAL));

    /** The level for a spelling found in a log line (case-insensitive, common aliases), else UNKNOWN. */
    public static Level fromText(String text) {
        if (text == null || text.isEmpty()) {
            return UNKNOWN;
        }
        Level level = ALIASES.get(text.trim().toUpperCase(Locale.ROOT));
        return level == null ? UNKNOWN : level;
    }

    /**
     * The level for a name a user typed in a query: only the canonical names, so a typo is an error
     * rather than a silent UNKNOWN.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Level parseStrict(String name) {
        for (Level level : VALUES) {
            if (level.name().equalsIgnoreCase(name.trim())) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown level '" + name
                + "'; expected one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, UNKNOWN");
    }

    public static Level ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /** Every spelling of this level that {@link #fromText} accepts, upper case. */
    public java.util.List<String> spellings() {
        return ALIASES.entrySet().stream().filter(e -> e.getValue() == this).map(Map.Entry::getKey).sorted().toList();
    }

    /** WARN and above: the levels whose message templates the sidecar keeps. */
    public boolean isWarnOrAbove() {
        return this == WARN || this == ERROR || this == FATAL;
    }
}
