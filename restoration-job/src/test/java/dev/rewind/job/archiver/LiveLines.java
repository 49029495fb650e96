package dev.rewind.job.archiver;

import dev.rewind.job.live.LiveProducer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Lines with unique ids for the archiver's tests, deterministic (a fixed seed): NDJSON a few
 * milliseconds apart from a recent start (Kafka keeps recent times), every 40th one late (dated
 * five seconds back, into a window rolled past), every 97th one not JSON at all (kept as UNKNOWN).
 */
final class LiveLines {
    final List<String> ids = new ArrayList<>();
    final List<String> lines = new ArrayList<>();
    final List<Instant> times = new ArrayList<>();

    LiveLines(int count, long seed) {
        Random random = new Random(seed);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(20, ChronoUnit.MINUTES);
        String[] levels = {"INFO", "INFO", "DEBUG", "WARN", "ERROR"};
        for (int i = 0; i < count; i++) {
            Instant t = start.plusMillis(i * 7L);
            if (i % 40 == 39) {
                t = t.minusSeconds(5);
            }
            String id = String.format("line-%06d", i);
            String line = i % 97 == 96
                    ? "not json at all, \"id\":\"" + id + "\" " + Long.toHexString(random.nextLong())
                    : String.format("{\"timestamp\":\"%s\",\"level\":\"%s\",\"service\":\"svc-%d\",\"id\":\"%s\","
                            + "\"message\":\"request %d took %d ms\"}", t, levels[random.nextInt(levels.length)],
                            random.nextInt(3), id, i, random.nextInt(500));
            ids.add(id);
            lines.add(line);
            times.add(t);
        }
    }

    /** Sends lines {@code [from, to)}, spread over the topic's partitions. */
    void send(LiveProducer producer, String topic, int partitions, int from, int to) {
        for (int i = from; i < to; i++) {
            producer.send(topic, i % partitions, times.get(i), lines.get(i));
        }
    }
}
