package dev.rewind.server;

import dev.rewind.catalog.CatalogHolder;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.StorageSettings;
import dev.rewind.query.QueryLimits;
import dev.rewind.server.access.Tokens;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start the server. Built with {@link #builder()}; everything but the archive roots has a
 * default: loopback only, no tokens, an embedded MiniCluster, memory caches sized from the heap.
 *
 * @param host        the address the API listens on (127.0.0.1; anything else needs tokens)
 * @param flinkUiPort the embedded MiniCluster's web UI port (0: any free port)
 * @param demoData    where {@code POST /api/demo/create-sample-archives} writes (null: demo mode off)
 * @param cacheBytes  memory for cached answers, or -1 for the memory budget's default share
 * @param prefetch    prepare the adjacent periods of each query while idle
 * @param reports     where the monthly error-trend reports go (null: no scheduled reports)
 * @param reportCron  when they run (UNIX cron, UTC)
 * @param corsOrigins origins allowed to call the API from a browser page of theirs (none by default)
 * @param catalog     how the catalog refreshes and indexes ({@link CatalogHolder.Options#server()} by default)
 * @param archives    archive roots: local folders or remote prefixes ({@code s3://bucket/logs})
 * @param storage     how remote stores are reached (Flink configuration, plugins, the SSD tier); null
 *                    leaves the process's storage as it is (local roots only, or set up already)
 * @param demoRemote  in demo mode, the remote root holding the older sample months (null: none)
 */
public record ServerConfig(List<StoragePath> archives, StoragePath indexDir, Path cacheDir, String kafka, String topic,
                           URI flink, String host, int port, int flinkUiPort, Path demoData, long cacheBytes,
                           boolean prefetch, Path reports, String reportCron, QueryLimits limits, Tokens tokens,
                           List<String> corsOrigins, List<Path> flinkJars, CatalogHolder.Options catalog,
                           StorageSettings storage, DemoRemote demoRemote) {
    public ServerConfig {
        archives = List.copyOf(archives);
        corsOrigins = List.copyOf(corsOrigins);
        flinkJars = List.copyOf(flinkJars);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fills a {@link ServerConfig}; unset parts keep their defaults. */
    public static final class Builder {
        private final List<StoragePath> archives = new ArrayList<>();
        private StoragePath indexDir;
        private StorageSettings storage;
        private DemoRemote demoRemote;
        private Path cacheDir;
        private String kafka;
        private String topic;
        private URI flink;
        private String host = "127.0.0.1";
        private int port = 8000;
        private int flinkUiPort;
        private Path demoData;
        private long cacheBytes = -1;
        private boolean prefetch = true;
        private Path reports;
        private String reportCron;
        private QueryLimits limits = QueryLimits.defaults();
        private Tokens tokens = Tokens.NONE;
        private final List<String> corsOrigins = new ArrayList<>();
        private final List<Path> flinkJars = new ArrayList<>();
        private CatalogHolder.Options catalog = CatalogHolder.Options.server();

        /** Local archive folders. */
        public Builder archives(List<Path> roots) {
            roots.forEach(r -> archives.add(StoragePath.of(r)));
            return this;
        }

        /** Archive roots, local or remote. */
        public Builder roots(List<StoragePath> roots) {
            archives.addAll(roots);
            return this;
        }

        public Builder indexDir(StoragePath dir) {
            this.indexDir = dir;
            return this;
        }

        public Builder storage(StorageSettings settings) {
            this.storage = settings;
            return this;
        }

        /** Demo mode's remote tier: older sample months kept in an embedded S3-compatible store. */
        public Builder demoRemote(DemoRemote remote) {
            this.demoRemote = remote;
            return this;
        }

        public Builder cacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        public Builder live(String bootstrapServers, String liveTopic) {
            this.kafka = bootstrapServers;
            this.topic = liveTopic;
            return this;
        }

        public Builder flink(URI rest, List<Path> jars) {
            this.flink = rest;
            flinkJars.addAll(jars);
            return this;
        }

        public Builder host(String address) {
            this.host = address;
            return this;
        }

        public Builder port(int p) {
            this.port = p;
            return this;
        }

        public Builder flinkUiPort(int p) {
            this.flinkUiPort = p;
            return this;
        }

        public Builder demo(Path data) {
            this.demoData = data;
            return this;
        }

        public Builder cacheBytes(long bytes) {
            this.cacheBytes = bytes;
            return this;
        }

        public Builder prefetch(boolean on) {
            this.prefetch = on;
            return this;
        }

        public Builder reports(Path dir, String cron) {
            this.reports = dir;
            this.reportCron = cron;
            return this;
        }

        public Builder limits(QueryLimits l) {
            this.limits = l;
            return this;
        }

        public Builder tokens(Tokens t) {
            this.tokens = t;
            return this;
        }

        public Builder corsOrigins(List<String> origins) {
            corsOrigins.addAll(origins);
            return this;
        }

        public Builder catalog(CatalogHolder.Options options) {
            this.catalog = options;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(archives, indexDir, cacheDir, kafka, topic, flink, host, port, flinkUiPort, demoData,
                    cacheBytes, prefetch, reports, reportCron, limits, tokens, corsOrigins, flinkJars, catalog, storage,
                    demoRemote);
        }
    }
}
