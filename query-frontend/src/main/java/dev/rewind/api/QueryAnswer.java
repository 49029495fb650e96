package dev.rewind.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code POST /api/query} exactly as DESIGN.md states it; serialized with snake_case
 * names. A records answer has {@code results}, {@code page} and {@code total}; an aggregate
 * answer has {@code aggregate} instead. Nulls are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryAnswer(String queryId, List<ResultRow> results, Page page, Total total, AggregateView aggregate,
                          PlanView plan, StatsView stats, List<String> warnings) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResultRow(String id, String timestamp, String level, String service, String host, String message,
                            Map<String, String> fields, SourceView source) {
    }

    /** {@code {kind: "archive", archive, frame}} or {@code {kind: "live", partition, offset}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SourceView(String kind, String archive, Integer frame, Integer partition, Long offset) {
    }

    public record Page(int size, String nextCursor, boolean hasMore) {
    }

    /** @param exact false when the scan stopped early, so {@code value} is a lower bound */
    public record Total(long value, boolean exact) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AggregateView(String type, Long count, String bucket, List<Series> series, List<PatternView> patterns) {
    }

    public record Series(Map<String, String> key, List<Point> points) {
    }

    public record Point(String t, long count) {
    }

    public record PatternView(String id, String template, long count, String firstSeen, String lastSeen, String sample) {
    }

    public record PlanView(List<String> sources, Counts archives, Counts frames, long bytesToScan, int splits,
                           String watermark) {
    }

    public record Counts(long total, long selected, long skipped) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatsView(Map<String, Object> cache, Map<String, Long> timingsMs, long bytesScanned,
                            long rawBytesScanned, long linesScanned, int splitsDone, int splitsTotal, String jobId) {
    }
}
