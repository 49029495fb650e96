package dev.rewind.api;

import dev.rewind.connectors.record.LogRecord;
import dev.rewind.query.Answer;
import dev.rewind.query.AnswerStats;
import dev.rewind.query.Plan;
import dev.rewind.query.Result;
import dev.rewind.query.Row;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The one place an internal {@link Answer} becomes the wire JSON of DESIGN.md. Stateless. */
public final class WireAnswers {
    private WireAnswers() {
    }

    public static WireAnswer of(Answer a) {
        WireAnswer.PlanView plan = a.plan() == null ? null : plan(a.plan());
        WireAnswer.StatsView stats = a.stats() == null ? null : stats(a.stats());
        if (a.result() instanceof Result.Records r) {
            List<WireAnswer.ResultRow> rows = r.rows().stream().map(WireAnswers::row).toList();
            return new WireAnswer(a.queryId(), rows, new WireAnswer.Page(rows.size(), r.nextCursor(), r.hasMore()),
                    new WireAnswer.Total(r.total(), r.totalExact() && a.complete()), null, plan, stats, a.warnings());
        }
        return new WireAnswer(a.queryId(), null, null, null, aggregate(a.result(), a.complete()), plan, stats,
                a.warnings());
    }

    public static WireAnswer.ResultRow row(Row row) {
        LogRecord r = row.record();
        WireAnswer.SourceView source = row.origin() instanceof Row.LiveOrigin live
                ? new WireAnswer.SourceView("live", null, null, live.partition(), live.offset())
                : new WireAnswer.SourceView("archive", ((Row.ArchiveOrigin) row.origin()).archive(),
                ((Row.ArchiveOrigin) row.origin()).frame(), null, null);
        return new WireAnswer.ResultRow(r.id(), r.timestamp().toString(), r.level().name(), r.service(), r.host(),
                r.message(), r.fields(), source);
    }

    public static WireAnswer.AggregateView aggregate(Result result, boolean exact) {
        if (result instanceof Result.Count c) {
            return new WireAnswer.AggregateView("count", c.count(), null, null, null, exact);
        }
        if (result instanceof Result.Trend t) {
            List<WireAnswer.Series> series = t.series().stream().map(s -> {
                Map<String, String> key = new LinkedHashMap<>();
                if (s.level() != null) {
                    key.put("level", s.level().name());
                }
                if (s.service() != null) {
                    key.put("service", s.service());
                }
                return new WireAnswer.Series(key, s.points().stream()
                        .map(p -> new WireAnswer.Point(p.t().toString(), p.count())).toList());
            }).toList();
            return new WireAnswer.AggregateView("trend", null, t.bucket().name().toLowerCase(Locale.ROOT), series, null, exact);
        }
        Result.Patterns p = (Result.Patterns) result;
        return new WireAnswer.AggregateView("patterns", null, null, null, p.patterns().stream()
                .map(x -> new WireAnswer.PatternView(x.id(), x.template(), x.count(),
                        x.firstSeen() == null ? null : x.firstSeen().toString(),
                        x.lastSeen() == null ? null : x.lastSeen().toString(), x.sample()))
                .toList(), exact);
    }

    private static WireAnswer.PlanView plan(Plan p) {
        Map<String, Long> by = new LinkedHashMap<>();
        by.put("time", p.frames().byTime());
        by.put("level", p.frames().byLevel());
        by.put("token", p.frames().byToken());
        return new WireAnswer.PlanView(p.sources().stream().map(s -> s.name().toLowerCase(Locale.ROOT)).sorted(
                java.util.Comparator.comparingInt(WireAnswers::sourceOrder)).toList(),
                new WireAnswer.Counts(p.archives().total(), p.archives().selected(), p.archives().skipped()),
                new WireAnswer.FrameCounts(p.frames().total(), p.frames().selected(), p.frames().skipped(), by),
                p.bytesToScan(), p.splits(), p.watermark().toString(), p.pendingArchives());
    }

    /** Sources in the order they were read: metadata and cache first, then archives, then live. */
    private static int sourceOrder(String s) {
        return switch (s) {
            case "metadata" -> 0;
            case "cache" -> 1;
            case "archive" -> 2;
            default -> 3;
        };
    }

    private static WireAnswer.StatsView stats(AnswerStats s) {
        Map<String, Object> cache = new LinkedHashMap<>();
        AnswerStats.CacheUse use = s.cache();
        cache.put("hit", use.hit());
        if (use.tier() != null) {
            cache.put("tier", use.tier());
        }
        if (use.slicesLookedUp() > 0) {
            cache.put("slices_hit", use.slicesHit());
            cache.put("slices_looked_up", use.slicesLookedUp());
        }
        return new WireAnswer.StatsView(cache, s.timingsMs(), s.bytesScanned(), s.rawBytesScanned(), s.linesScanned(),
                s.splitsDone(), s.splitsTotal(), s.jobId(), new WireAnswer.StorageView(s.storage().remoteRequests(),
                        s.storage().remoteBytes(), s.storage().ssdHitBytes(), s.storage().skippedBytes()));
    }
}
