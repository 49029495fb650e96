package dev.rewind.bench.soak;

import dev.rewind.connectors.record.Level;
import dev.rewind.sample.DayTruth;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one day (or one file added to a day) holds, as far as the soak's checks ask: lines per
 * level, WARN-and-above lines per template, and lines holding the text-count word.
 */
record DayCounts(Map<Level, Long> levels, Map<String, Long> templates, long textLines) {

    static final DayCounts NONE = new DayCounts(Map.of(), Map.of(), 0);

    DayCounts {
        EnumMap<Level, Long> l = new EnumMap<>(Level.class);
        l.putAll(levels);
        levels = Collections.unmodifiableMap(l);
        templates = Collections.unmodifiableMap(new TreeMap<>(templates));
    }

    static DayCounts of(DayTruth truth, long textLines) {
        return new DayCounts(truth.levels(), truth.errorTemplates(), textLines);
    }

    long count(Level level) {
        return levels.getOrDefault(level, 0L);
    }

    DayCounts plus(DayCounts other) {
        EnumMap<Level, Long> l = new EnumMap<>(Level.class);
        l.putAll(levels);
        other.levels.forEach((level, n) -> l.merge(level, n, Long::sum));
        Map<String, Long> t = new TreeMap<>(templates);
        other.templates.forEach((template, n) -> t.merge(template, n, Long::sum));
        return new DayCounts(l, t, textLines + other.textLines);
    }

    /** One more line of {@code level} that holds no template and not the word (a needle). */
    DayCounts plusLine(Level level) {
        return plus(new DayCounts(Map.of(level, 1L), Map.of(), 0));
    }
}
