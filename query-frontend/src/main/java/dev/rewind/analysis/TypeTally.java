package dev.rewind.analysis;

import dev.rewind.connectors.archive.format.TemplateInfo;
import dev.rewind.connectors.pattern.MinedType;
import dev.rewind.connectors.pattern.TypeMining;
import dev.rewind.connectors.pattern.TypeVariable;
import dev.rewind.connectors.record.Level;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One error type's numbers over a range, added up from sidecar hours: messages, first and last
 * hour, the most severe level, and the count of each of its shapes (for its variables' words and
 * its sample). Used by {@link ErrorAnalysis} and {@link SidecarPatterns}. Not thread-safe.
 */
final class TypeTally {
    /** Words shown per variable; the rest are summed as "other". */
    static final int TOP_VALUES = 10;

    final MinedType type;
    private final Map<String, Long> shapeCounts = new HashMap<>();
    private final Map<String, String> sampleOfShape = new HashMap<>();
    long count;
    Instant first;
    Instant last;
    Level level;

    TypeTally(MinedType type) {
        this.type = type;
    }

    void add(TemplateInfo template, Instant hour, long n) {
        count += n;
        first = first == null || hour.isBefore(first) ? hour : first;
        last = last == null || hour.isAfter(last) ? hour : last;
        level = level == null || template.level().ordinal() > level.ordinal() ? template.level() : level;
        shapeCounts.merge(template.template(), n, Long::sum);
        sampleOfShape.putIfAbsent(template.template(), template.sample());
    }

    /** A message of the type's most frequent shape in the range (the earliest-named of equals). */
    String sample() {
        String best = null;
        for (Map.Entry<String, Long> e : shapeCounts.entrySet()) {
            if (best == null || e.getValue() > shapeCounts.get(best) || (e.getValue().equals(shapeCounts.get(best))
                    && e.getKey().compareTo(best) < 0)) {
                best = e.getKey();
            }
        }
        return best == null ? null : sampleOfShape.get(best);
    }

    /** The type's variables with their words counted over this range. */
    List<TypeVariable> variables(TypeMining mining) {
        return mining.variables(type, shape -> shapeCounts.getOrDefault(shape, 0L), TOP_VALUES);
    }
}
