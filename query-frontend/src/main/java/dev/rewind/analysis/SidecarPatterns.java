package dev.rewind.analysis;

import dev.rewind.catalog.DetailsCache;
import dev.rewind.connectors.archive.format.HourAggregate;
import dev.rewind.connectors.archive.format.SidecarDetails;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.archive.format.TemplateInfo;
import dev.rewind.connectors.pattern.MinedType;
import dev.rewind.connectors.pattern.TypeVariable;
import dev.rewind.connectors.record.Level;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The patterns aggregate ({@code aggregate: {type: "patterns"}}, {@code rewind query --patterns
 * --top N}) answered from sidecars alone, without decompressing a byte: the WARN+ message shapes
 * each sidecar holds with hourly counts, mined into types over every archive ({@link
 * ArchiveTypes}), counted over the range. Six months of a busy service answer in milliseconds
 * and in memory bounded by the miner's bound on shapes. The query path calls {@link #answers}
 * first and this only when it says yes; otherwise it mines the scanned records, with the same
 * miner. Stateless and thread-safe.
 */
public final class SidecarPatterns {
    /** The levels sidecars keep templates for. */
    public static final Set<Level> KEPT = EnumSet.of(Level.WARN, Level.ERROR, Level.FATAL);

    private SidecarPatterns() {
    }

    /**
     * One type in the range.
     *
     * @param firstSeen the start of the first hour it was seen in the range
     * @param lastSeen  the end of the last such hour (inclusive, to the millisecond)
     * @param level     the most severe level it was seen at in the range
     * @param variables its variables with their most frequent words in the range
     */
    public record Pattern(String id, String template, long count, Instant firstSeen, Instant lastSeen, String sample,
                          Level level, List<TypeVariable> variables) {
    }

    /**
     * Whether the sidecars answer exactly: every level asked is one sidecars keep templates for,
     * the range is whole hours (sidecars count per hour), and no other filter (service, host,
     * text, regex, fields) applies — the caller passes {@code otherFilters} for those. Archives
     * not indexed yet are the caller's to check, as for any metadata answer.
     *
     * @param end inclusive, as the API's ends are ({@code 23:59:59.999} or {@code 23:59:59} ends an hour)
     */
    public static boolean answers(Instant start, Instant end, Set<Level> levels, boolean otherFilters) {
        return !otherFilters && !levels.isEmpty() && KEPT.containsAll(levels)
                && start.equals(start.truncatedTo(ChronoUnit.HOURS)) && endsAnHour(end);
    }

    private static boolean endsAnHour(Instant end) {
        Instant next = end.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        return ChronoUnit.MILLIS.between(end, next) <= 1000 && ChronoUnit.MILLIS.between(end, next) >= 1;
    }

    /**
     * The {@code n} most frequent types of WARN+ messages at {@code levels} in the hours that
     * overlap {@code [start, end]}, most frequent first, then by template.
     *
     * @param archives every archive of the catalog (the types are mined over all of them, so ids
     *                 and texts do not change with the range); only their hours in range are counted
     */
    public static List<Pattern> top(Collection<IndexedArchive> archives, DetailsCache details, Instant start, Instant end,
                                    Set<Level> levels, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, was " + n);
        }
        ArchiveTypes mined = ArchiveTypes.of(archives, details);
        Map<String, TypeTally> tallies = new HashMap<>();
        Instant firstHour = start.truncatedTo(ChronoUnit.HOURS);
        for (IndexedArchive archive : archives) {
            SidecarDetails sidecar = details.of(archive);
            List<TemplateInfo> templates = sidecar.templates();
            for (HourAggregate hour : sidecar.hours()) {
                if (hour.hour().isBefore(firstHour) || hour.hour().isAfter(end)) {
                    continue;
                }
                for (HourAggregate.TemplateCount tc : hour.templates()) {
                    TemplateInfo t = templates.get(tc.template());
                    if (levels.contains(t.level())) {
                        MinedType type = mined.typeOf(t.template());
                        tallies.computeIfAbsent(type.id(), k -> new TypeTally(type)).add(t, hour.hour(), tc.count());
                    }
                }
            }
        }
        return tallies.values().stream()
                .sorted(Comparator.comparingLong((TypeTally t) -> t.count).reversed().thenComparing(t -> t.type.text()))
                .limit(n)
                .map(t -> new Pattern(t.type.id(), t.type.text(), t.count, t.first,
                        t.last.plus(1, ChronoUnit.HOURS).minusMillis(1), t.sample(), t.level, t.variables(mined.mining())))
                .toList();
    }
}
