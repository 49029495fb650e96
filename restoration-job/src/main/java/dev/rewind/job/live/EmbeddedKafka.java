package dev.rewind.job.live;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka broker in KRaft mode (one combined controller and broker) running inside
 * this JVM, for tests and for {@code rewind demo}. Starts in about 2–3 s; its data lives in a temporary
 * directory that {@link #close()} deletes.
 *
 * <p>This is the only class that touches Kafka's internal test kit ({@code KafkaClusterTestKit},
 * {@code TestKitNodes}), which is not a public API and changes between Kafka releases: when a
 * Kafka upgrade breaks the build, this class is the one to fix.
 *
 * <p>Topics are not created automatically ({@code auto.create.topics.enable=false}), so a misspelt
 * topic fails loudly instead of silently becoming a new, empty topic: create them with
 * {@link #createTopic}. Logging goes through SLF4J; the application's logging configuration keeps
 * {@code org.apache.kafka} at WARN.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** Listener added for {@link #start(int)}: the test kit binds its own listeners to random ports. */
    private static final String FIXED_LISTENER = "FIXED";
    private static final long ADMIN_TIMEOUT_MS = 10_000;
    /** Name prefix of the test kit's executor threads, which run the storage formatter. */
    private static final String TEST_KIT_THREAD_PREFIX = "kafka-cluster-test-kit-";
    private static final Object STDOUT_LOCK = new Object();

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;
    private boolean closed;

    private EmbeddedKafka(KafkaClusterTestKit cluster, String bootstrapServers) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker on a free port chosen by the operating system. */
    public static EmbeddedKafka start() {
        return start(0);
    }

    /**
     * Starts a broker whose clients connect at {@code localhost:port} (for the demo, so that the
     * address printed to the user is stable); {@code 0} picks a free port.
     *
     * @throws IllegalStateException naming the port when it is taken, or the reason the broker did
     *                               not start
     */
    public static EmbeddedKafka start(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, was " + port);
        }
        if (port != 0) {
            requireFree(port);
        }
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumControllerNodes(1)
                .setNumBrokerNodes(1)
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                // One broker: internal topics cannot have the default replication factor of 3.
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                // A broker for one process's tests or demo, not a fleet: few threads, and no log
                // compaction (nothing here needs it; its cleaner keeps a dedupe map of 128 MiB by
                // default on the heap).
                .setConfigProp("num.network.threads", "1")
                .setConfigProp("num.io.threads", "2")
                .setConfigProp("background.threads", "2")
                .setConfigProp("log.cleaner.enable", "false");
        if (port != 0) {
            // The test kit pre-binds the broker and controller listeners to random ports and hands those
            // sockets to the server whatever port the configuration names; only a listener it does not
            // know gets the configured address. So a fixed port is a third listener beside its two.
            String broker = nodes.brokerListenerName().value();
            String controller = nodes.controllerListenerName().value();
            builder.setConfigProp("listeners", broker + "://localhost:0," + controller + "://localhost:0,"
                            + FIXED_LISTENER + "://localhost:" + port)
                    .setConfigProp("listener.security.protocol.map", broker + ":PLAINTEXT,"
                            + controller + ":PLAINTEXT," + FIXED_LISTENER + ":PLAINTEXT");
        }
        KafkaClusterTestKit cluster;
        try {
            cluster = builder.build();
        } catch (Exception e) {
            throw new IllegalStateException("embedded Kafka could not be configured: " + e.getMessage(), e);
        }
        try {
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            String bootstrap = port != 0 ? "localhost:" + port : cluster.bootstrapServers();
            return new EmbeddedKafka(cluster, bootstrap);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            try {
                cluster.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("embedded Kafka did not start"
                    + (port != 0 ? " on port " + port : "") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Formats the node's storage. Kafka's storage formatter prints two lines ("Bootstrap metadata: ...",
     * "Formatting metadata directory ...") straight to {@code System.out}, where {@code rewind demo}
     * prints its URLs; the test kit gives no way to redirect them. They are dropped here by the name of
     * the thread printing them (the test kit's own executor), so nothing another thread prints
     * meanwhile is lost. If the test kit renames its threads, the lines simply show again.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        synchronized (STDOUT_LOCK) {
            PrintStream original = System.out;
            System.setOut(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) {
                    if (!fromTestKit()) {
                        original.write(b);
                    }
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    if (!fromTestKit()) {
                        original.write(bytes, offset, length);
                    }
                }

                @Override
                public void flush() {
                    original.flush();
                }

                private boolean fromTestKit() {
                    return Thread.currentThread().getName().startsWith(TEST_KIT_THREAD_PREFIX);
                }
            }, true, StandardCharsets.UTF_8));
            try {
                cluster.format();
            } finally {
                System.setOut(original);
            }
        }
    }

    private static void requireFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress("localhost", port));
        } catch (IOException e) {
            throw new IllegalStateException("embedded Kafka cannot listen on localhost:" + port
                    + ": the port is in use (" + e.getMessage() + ")", e);
        }
    }

    /** {@code host:port} for Kafka clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Creates a topic (replication factor 1) and waits until the broker has it.
     *
     * @throws IllegalStateException naming the topic when the broker refuses it (it exists already,
     *                               the name is invalid) or does not answer within 10 s
     */
    public void createTopic(String name, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(Set.of(new NewTopic(name, partitions, (short) 1)))
                    .all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic '" + name + "'", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create topic '" + name + "': " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not create topic '" + name + "': the embedded broker at "
                    + bootstrapServers + " did not answer within " + ADMIN_TIMEOUT_MS / 1000 + " s", e);
        }
    }

    /**
     * Stops the broker (the controller keeps running; the data stays), as a broker restart or crash
     * does, for drills and tests of clients that must wait for it. {@link #startBroker()} brings it
     * back on the same port.
     */
    public synchronized void stopBroker() {
        cluster.brokers().values().forEach(broker -> {
            broker.shutdown();
            broker.awaitShutdown();
        });
    }

    /**
     * Starts the broker {@link #stopBroker()} stopped, with its data, and waits until it serves.
     *
     * @throws IllegalStateException when it does not come back
     */
    public synchronized void startBroker() {
        try {
            cluster.brokers().values().forEach(broker -> broker.startup());
            cluster.waitForReadyBrokers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded broker again", e);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded broker did not start again: " + e.getMessage(), e);
        }
    }

    /** Stops the broker and deletes its data. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            cluster.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping embedded Kafka", e);
        } catch (Exception e) {
            throw new IllegalStateException("embedded Kafka did not stop cleanly: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers + "]";
    }
}
