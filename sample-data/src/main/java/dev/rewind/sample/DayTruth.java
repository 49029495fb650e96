package dev.rewind.sample;

import dev.rewind.connectors.record.Level;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one day of sample logs holds, counted while it was written: the ground truth a test
 * compares with what the indexer computed.
 *
 * @param levels         lines per level; every level the generator writes (DEBUG to FATAL) is
 *                       present, zero when the day had none
 * @param errorTemplates for WARN, ERROR and FATAL lines: template text ({@code <*>} for each
 *                       variable part) to line count; sorted by text
 */
public record DayTruth(LocalDate day, Map<Level, Long> levels, Map<String, Long> errorTemplates) {

    public DayTruth {
        EnumMap<Level, Long> copy = new EnumMap<>(Level.class);
        copy.putAll(levels);
        levels = Collections.unmodifiableMap(copy);
        errorTemplates = Collections.unmodifiableMap(new TreeMap<>(errorTemplates));
    }

    /** Lines of {@code level} on this day (0 when none). */
    public long count(Level level) {
        return levels.getOrDefault(level, 0L);
    }

    /** All lines of the day. */
    public long lines() {
        return levels.values().stream().mapToLong(Long::longValue).sum();
    }
}
