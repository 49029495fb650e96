package dev.rewind.job.query;

import dev.rewind.connectors.record.Level;
import java.time.Instant;

/**
 * One row of an aggregate answer: for a count, only {@code count}; for a trend, a bucket with its
 * level and service (null when not split by them); for patterns, a template with first and last
 * seen and a sample message. Partial rows of the same key merge with {@link #merge}.
 */
public record AggregateRow(String key, Instant bucket, Level level, String service, String template, long count,
                           Instant firstSeen, Instant lastSeen, String sample) {

    public AggregateRow merge(AggregateRow other) {
        boolean otherFirst = other.firstSeen != null && (firstSeen == null || other.firstSeen.isBefore(firstSeen));
        return new AggregateRow(key, bucket, level, service, template, count + other.count,
                otherFirst ? other.firstSeen : firstSeen,
                other.lastSeen != null && (lastSeen == null || other.lastSeen.isAfter(lastSeen)) ? other.lastSeen : lastSeen,
                otherFirst ? other.sample : sample);
    }
}
