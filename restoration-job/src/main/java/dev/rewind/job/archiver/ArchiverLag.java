package dev.rewind.job.archiver;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the archives are behind the live topic: the lines in it that no committed archive holds
 * yet (the end of each partition minus the manifest's next offset; a partition the manifest does
 * not name counts from its first line still kept). Asked of the broker at most every few seconds.
 * Thread-safe; close it.
 */
public final class ArchiverLag implements AutoCloseable {
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final long TIMEOUT_MS = 2000;

    private final String topic;
    private final Admin admin;
    private Instant checkedAt = Instant.EPOCH;
    private OptionalLong last = OptionalLong.empty();

    public ArchiverLag(String bootstrapServers, String topic) {
        this.topic = topic;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS));
    }

    /** Lines not archived yet; empty when the broker does not answer. */
    public synchronized OptionalLong lines(ArchiveManifest manifest) {
        Instant now = Instant.now();
        if (now.isBefore(checkedAt.plus(TTL))) {
            return last;
        }
        checkedAt = now;
        try {
            List<Integer> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                    .map(p -> p.partition()).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            for (int p : partitions) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                earliest.put(new TopicPartition(topic, p), OffsetSpec.earliest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                    admin.listOffsets(earliest).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<Integer, Long> next = manifest.nextOffsets();
            long lag = 0;
            for (int p : partitions) {
                TopicPartition tp = new TopicPartition(topic, p);
                long from = Math.max(next.getOrDefault(p, 0L), starts.get(tp).offset());
                lag += Math.max(0, ends.get(tp).offset() - from);
            }
            last = OptionalLong.of(lag);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            last = OptionalLong.empty();
        } catch (Exception e) {
            last = OptionalLong.empty();
        }
        return last;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
