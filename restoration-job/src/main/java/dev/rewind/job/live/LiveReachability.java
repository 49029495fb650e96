package dev.rewind.job.live;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before a query adds the live source to its job, that the Kafka cluster answers and the
 * live topic exists. A Kafka consumer whose broker is down does not fail: it retries until its own
 * timeouts, so a job over an unreachable broker would hang or fail the whole query. With this check
 * first, a down broker gives the archive answer plus a warning instead.
 *
 * <p>Thread-safe (stateless). Each call opens and closes its own admin client; it takes at most
 * about {@code timeout}, plus the time to close the client, which does not wait for pending calls.
 */
public final class LiveReachability {

    private LiveReachability() {
    }

    /**
     * @param timeout the whole time budget of the check: connecting, then describing the topic
     * @return empty when the broker answered and the topic exists; otherwise a sentence for the
     *         query's {@code warnings}, naming the broker or topic and what failed, e.g.
     *         {@code live source skipped: Kafka at localhost:9092 did not answer within 2 s}
     */
    public static Optional<String> check(String bootstrapServers, String topic, Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            return Optional.of("live source skipped: no Kafka bootstrap servers are configured");
        }
        if (topic == null || topic.isBlank()) {
            return Optional.of("live source skipped: no live topic is configured for Kafka at " + bootstrapServers);
        }
        String broker = "Kafka at " + bootstrapServers;
        long budgetMs = Math.max(1, timeout.toMillis());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMs);
        Admin admin;
        try {
            admin = Admin.create(adminConfig(bootstrapServers, budgetMs));
        } catch (KafkaException e) {
            return Optional.of("live source skipped: " + broker + " cannot be used: " + rootMessage(e));
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) budgetMs))
                    .clusterId().get(budgetMs, TimeUnit.MILLISECONDS);
            long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try {
                admin.describeTopics(Set.of(topic), new DescribeTopicsOptions().timeoutMs((int) leftMs))
                        .allTopicNames().get(leftMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return Optional.of("live source skipped: topic '" + topic + "' does not exist on " + broker);
                }
                return Optional.of("live source skipped: " + broker + " could not describe topic '" + topic + "': "
                        + rootMessage(e.getCause()));
            } catch (TimeoutException e) {
                return Optional.of("live source skipped: " + broker + " did not describe topic '" + topic
                        + "' within " + describe(timeout));
            }
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("live source skipped: " + broker + " did not answer within " + describe(timeout));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                return Optional.of("live source skipped: " + broker + " did not answer within " + describe(timeout));
            }
            return Optional.of("live source skipped: " + broker + " failed: " + rootMessage(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("live source skipped: interrupted while checking " + broker);
        } finally {
            // Do not wait for calls still retrying against a dead broker: that is the wait we avoid.
            admin.close(Duration.ZERO);
        }
    }

    private static Map<String, Object> adminConfig(String bootstrapServers, long budgetMs) {
        int ms = (int) Math.min(Integer.MAX_VALUE, budgetMs);
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "rewind-live-check");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, (long) Math.min(ms, 1_000));
        config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, (long) ms);
        config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100L);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500L);
        return config;
    }

    /** "2 s" for whole seconds, else "1500 ms": what a person reads in a warning. */
    static String describe(Duration timeout) {
        long ms = timeout.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
