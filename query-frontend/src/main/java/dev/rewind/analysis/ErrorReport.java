package dev.rewind.analysis;

import dev.rewind.connectors.pattern.TypeVariable;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/analysis/errors}: buckets, the trend per level (and service),
 * totals, the recurring error types ranked, and the spikes with the types that drove them (types
 * as {@link ArchiveTypes} mines them: a service or host named in the message is a variable).
 *
 * @param trend  series key ({@code LEVEL} or {@code LEVEL|service}) to a count per bucket
 * @param totals all selected levels together, per bucket (what spikes are found in)
 */
public record ErrorReport(String start, String end, String bucket, List<String> buckets, Map<String, List<Long>> trend,
                          List<Long> totals, List<ErrorType> types, List<Spike> spikes, List<String> warnings) {

    /**
     * @param firstSeen the first hour it was seen in the range; lastSeen the end of the last hour
     * @param series    its count per bucket, for a sparkline
     * @param isNew     no message of it occurs before the range (in the archives Rewind has)
     * @param variables its variables found from the data, each with its most frequent words in the
     *                  range and their counts (what the dashboard expands a type into)
     */
    public record ErrorType(String id, String template, String level, long count, String firstSeen, String lastSeen,
                            List<Long> series, @com.fasterxml.jackson.annotation.JsonProperty("new") boolean isNew,
                            String sample, List<TypeVariable> variables) {
    }

    /** @param baseline the median of the previous buckets it stands above */
    public record Spike(String bucket, long count, double baseline, List<Driver> drivers) {
    }

    /** A type's count in the spike bucket and how far above its own baseline. */
    public record Driver(String id, String template, long count, long excess) {
    }
}
