package dev.rewind.analysis;

import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.DetailsCache;
import dev.rewind.connectors.archive.format.HourAggregate;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.archive.format.SidecarDetails;
import dev.rewind.connectors.archive.format.TemplateInfo;
import dev.rewind.connectors.pattern.MinedType;
import dev.rewind.connectors.pattern.TypeMining;
import dev.rewind.connectors.record.Level;
import dev.rewind.job.query.Bucket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * "What kept failing, since when, and when did it spike?" answered from the sidecars alone: the
 * hourly counts per level and service give the trend; the hourly counts per message shape of
 * WARN-and-above lines, mined into error types over every archive ({@link ArchiveTypes}: a
 * service, topic or host named in the message is a variable, not a new type), give the recurring
 * error types with their variables' words, their first and last sighting, their own series and
 * whether they are new; {@link Spikes} marks the buckets far above their baseline, with the types
 * that drove them. Hour granularity: the range is widened to whole hours. Stateless.
 */
public final class ErrorAnalysis {
    private ErrorAnalysis() {
    }

    /** @param service null for all services */
    public static ErrorReport analyse(Catalog catalog, DetailsCache details, Instant start, Instant end, Bucket bucket,
                                      Set<Level> levels, String service, int topTypes) {
        List<Instant> buckets = new ArrayList<>();
        for (Instant b = bucket.start(start); !b.isAfter(end); b = bucket.next(b)) {
            buckets.add(b);
        }
        Map<Instant, Integer> index = new HashMap<>();
        for (int i = 0; i < buckets.size(); i++) {
            index.put(buckets.get(i), i);
        }
        Map<String, long[]> trend = new TreeMap<>(); // "LEVEL" or "LEVEL|service" -> counts per bucket
        long[] totals = new long[buckets.size()];
        Map<String, TypeBuilder> types = new HashMap<>(); // by type id
        List<String> warnings = new ArrayList<>();
        if (service != null) {
            warnings.add("error types are counted over all services: sidecars keep template counts per hour, not per service");
        }
        ArchiveTypes mined = ArchiveTypes.of(catalog.archives(), details);
        for (IndexedArchive archive : catalog.archives()) {
            List<String> services = archive.index().summary().services();
            SidecarDetails sidecar = details.of(archive);
            List<TemplateInfo> templates = sidecar.templates();
            for (HourAggregate hour : sidecar.hours()) {
                boolean before = hour.hour().isBefore(start.minusSeconds(3599));
                if (hour.hour().isAfter(end)) {
                    continue;
                }
                if (before) {
                    // Only to know which types are not new.
                    for (HourAggregate.TemplateCount tc : hour.templates()) {
                        TemplateInfo t = templates.get(tc.template());
                        if (levels.contains(t.level())) {
                            MinedType type = mined.typeOf(t.template());
                            types.computeIfAbsent(type.id(), k -> new TypeBuilder(type, buckets.size())).seenBefore = true;
                        }
                    }
                    continue;
                }
                int b = index.get(bucket.start(hour.hour()));
                for (HourAggregate.LevelServiceCount c : hour.counts()) {
                    String s = services.get(c.service());
                    if (!levels.contains(c.level()) || (service != null && !service.equals(s))) {
                        continue;
                    }
                    trend.computeIfAbsent(c.level().name() + (service != null ? "|" + s : ""),
                            k -> new long[buckets.size()])[b] += c.count();
                    totals[b] += c.count();
                }
                for (HourAggregate.TemplateCount tc : hour.templates()) {
                    TemplateInfo t = templates.get(tc.template());
                    if (!levels.contains(t.level())) {
                        continue;
                    }
                    MinedType type = mined.typeOf(t.template());
                    types.computeIfAbsent(type.id(), k -> new TypeBuilder(type, buckets.size()))
                            .add(b, t, hour.hour(), tc.count());
                }
            }
        }
        List<ErrorReport.ErrorType> ranked = types.values().stream().filter(t -> t.tally.count > 0)
                .sorted(Comparator.comparingLong((TypeBuilder t) -> t.tally.count).reversed()
                        .thenComparing(t -> t.tally.type.text()))
                .limit(topTypes).map(t -> t.build(mined.mining())).toList();
        List<ErrorReport.Spike> spikes = new ArrayList<>();
        List<Integer> spikeIndexes = Spikes.find(totals);
        for (int i : spikeIndexes) {
            final int at = i;
            List<ErrorReport.Driver> drivers = types.values().stream()
                    .map(t -> new ErrorReport.Driver(t.tally.type.id(), t.tally.type.text(), t.series[at],
                            Math.round(t.series[at] - Spikes.baseline(t.series, at, List.of()))))
                    .filter(d -> d.excess() > 0)
                    .sorted(Comparator.comparingLong(ErrorReport.Driver::excess).reversed())
                    .limit(3).toList();
            spikes.add(new ErrorReport.Spike(buckets.get(i).toString(), totals[i],
                    Spikes.baseline(totals, i, spikeIndexes), drivers));
        }
        Map<String, List<Long>> trendView = new LinkedHashMap<>();
        trend.forEach((k, v) -> trendView.put(k, java.util.Arrays.stream(v).boxed().toList()));
        return new ErrorReport(start.toString(), end.toString(), bucket.name().toLowerCase(),
                buckets.stream().map(Instant::toString).toList(), trendView,
                java.util.Arrays.stream(totals).boxed().toList(), ranked, spikes, warnings);
    }

    /** A type's series over the buckets, beside its {@link TypeTally}. */
    private static final class TypeBuilder {
        final TypeTally tally;
        final long[] series;
        boolean seenBefore;

        TypeBuilder(MinedType type, int buckets) {
            this.tally = new TypeTally(type);
            this.series = new long[buckets];
        }

        void add(int bucket, TemplateInfo template, Instant hour, long n) {
            series[bucket] += n;
            tally.add(template, hour, n);
        }

        ErrorReport.ErrorType build(TypeMining mining) {
            return new ErrorReport.ErrorType(tally.type.id(), tally.type.text(), tally.level.name(), tally.count,
                    tally.first.toString(), tally.last.plusSeconds(3599).toString(),
                    java.util.Arrays.stream(series).boxed().toList(), !seenBefore, tally.sample(),
                    tally.variables(mining));
        }
    }
}
