package dev.rewind.job.query;

import dev.rewind.connectors.record.LineFormat;
import dev.rewind.job.live.LiveReachability;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a query reads the live topic: only when its range ends after the archive
 * watermark and the broker answers. An unreachable broker yields the archive answer plus a warning,
 * never a failed or hanging query.
 */
public final class LiveRouting {
    private LiveRouting() {
    }

    /** @param warning null when the live part is included or not needed */
    public record Decision(Optional<LiveInput> live, String warning) {
    }

    public static Decision decide(String bootstrapServers, String topic, LineFormat format, Instant watermark,
                                  Instant queryEnd, Duration timeout) {
        if (bootstrapServers == null || topic == null || !queryEnd.isAfter(watermark)) {
            return new Decision(Optional.empty(), null);
        }
        Optional<String> problem = LiveReachability.check(bootstrapServers, topic, timeout);
        if (problem.isPresent()) {
            return new Decision(Optional.empty(), problem.get());
        }
        return new Decision(Optional.of(new LiveInput(bootstrapServers, topic, watermark, format)), null);
    }
}
