package dev.rewind.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code POST /api/query} on the wire, exactly as DESIGN.md states it; serialized
 * with snake_case names, nulls left out. A records answer has {@code results}, {@code page} and
 * {@code total}; an aggregate answer has {@code aggregate} instead. Built only by
 * {@link WireAnswers} from the internal {@link dev.rewind.query.Answer}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WireAnswer(String queryId, List<ResultRow> results, Page page, Total total, AggregateView aggregate,
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

    /** @param exact false when {@code value} is a lower bound, or data of the range could not be read */
    public record Total(long value, boolean exact) {
    }

    /** @param exact false when data of the range could not be read (the warnings say what) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AggregateView(String type, Long count, String bucket, List<Series> series, List<PatternView> patterns,
                                boolean exact) {
    }

    public record Series(Map<String, String> key, List<Point> points) {
    }

    public record Point(String t, long count) {
    }

    public record PatternView(String id, String template, long count, String firstSeen, String lastSeen, String sample) {
    }

    /** @param pendingArchives archives of the range not indexed yet when the query ran */
    public record PlanView(List<String> sources, Counts archives, FrameCounts frames, long bytesToScan, int splits,
                           String watermark, int pendingArchives) {
    }

    public record Counts(long total, long selected, long skipped) {
    }

    /** Frames read, skipped, and why they were skipped ({@code time}, {@code level}, {@code token}). */
    public record FrameCounts(long total, long selected, long skipped, Map<String, Long> skippedBy) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatsView(Map<String, Object> cache, Map<String, Long> timingsMs, long bytesScanned,
                            long rawBytesScanned, long linesScanned, int splitsDone, int splitsTotal, String jobId,
                            StorageView storage) {
    }

    /**
     * What the reads cost per tier: GETs and bytes from object storage, bytes the SSD tier served
     * instead, and the compressed bytes of the range's archives that skipping left unread.
     */
    public record StorageView(long remoteRequests, long remoteBytes, long ssdHitBytes, long skippedBytes) {
    }
}
