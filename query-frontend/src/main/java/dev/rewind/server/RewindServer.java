package dev.rewind.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.StorageSettings;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.record.LineFormat;
import dev.rewind.job.runner.EmbeddedJobRunner;
import dev.rewind.job.runner.JobRunner;
import dev.rewind.job.runner.RemoteJobRunner;
import dev.rewind.query.EngineConfig;
import dev.rewind.query.MemoryBudget;
import dev.rewind.query.QueryEngine;
import dev.rewind.query.QueryLimits;
import dev.rewind.query.chain.LiveConfig;
import dev.rewind.query.run.FlinkTempDir;
import dev.rewind.query.run.Jobs;
import dev.rewind.report.MonthlyReport;
import dev.rewind.report.ReportScheduler;
import dev.rewind.server.access.AccessPolicy;
import dev.rewind.stats.QueryStats;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of DESIGN.md's API on Javalin: wires the query engine, the job runner and the
 * controllers behind the access policy, and owns their life cycle. {@link #close()} stops all of it.
 */
public final class RewindServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RewindServer.class);

    private final Javalin app;
    private final QueryEngine engine;
    private final DemoArchives demo;
    private final ReportScheduler scheduler;
    private final FlinkWatchdog watchdog;
    private final Path flinkTmp;
    private final FlinkUiProxy flinkUi;
    private final String flinkUiAddress;
    private final StatsController stats;
    private final PrometheusMeterRegistry registry;

    private RewindServer(Javalin app, QueryEngine engine, DemoArchives demo, ReportScheduler scheduler,
                         FlinkWatchdog watchdog, Path flinkTmp, FlinkUiProxy flinkUi, String flinkUiAddress,
                         StatsController stats, PrometheusMeterRegistry registry) {
        this.stats = stats;
        this.registry = registry;
        this.flinkTmp = flinkTmp;
        this.flinkUi = flinkUi;
        this.flinkUiAddress = flinkUiAddress;
        this.app = app;
        this.engine = engine;
        this.demo = demo;
        this.scheduler = scheduler;
        this.watchdog = watchdog;
    }

    public static RewindServer start(ServerConfig config) throws Exception {
        AccessPolicy access = new AccessPolicy(config.tokens(), config.host(), config.corsOrigins());
        if (config.storage() != null) {
            Storages.configure(config.storage());
        }
        List<StoragePath> roots = new ArrayList<>(config.archives());
        if (config.demoData() != null) {
            Files.createDirectories(config.demoData());
            if (!roots.contains(StoragePath.of(config.demoData()))) {
                roots.add(StoragePath.of(config.demoData()));
            }
            if (config.demoRemote() != null && !roots.contains(config.demoRemote().root())) {
                // The bucket exists (empty) before the catalog first lists it: the older months
                // are moved into it later, and a root found missing at start is only a warning.
                Files.createDirectories(config.demoRemote().directory());
                roots.add(config.demoRemote().root());
            }
        }
        QueryLimits limits = config.limits();
        CatalogHolder.Options wanted = config.catalog();
        // Checked before anything starts: a cache larger than its share is refused here, with the
        // figures; jobs are as wide, and as many threads index, as the heap holds at worst.
        MemoryBudget.Sizing sizing = MemoryBudget.fit(Runtime.getRuntime().maxMemory(), config.cacheBytes(),
                limits.maxJobs(), Runtime.getRuntime().availableProcessors(), config.flink() == null,
                wanted.indexThreads(), 0, (long) (EmbeddedJobRunner.NETWORK_MB + EmbeddedJobRunner.MANAGED_MB) << 20,
                MemoryBudget.Remote.of(roots, Storages.settings()));
        MemoryBudget budget = sizing.budget();
        CatalogHolder.Options catalogOptions = wanted.withIndexThreads(sizing.indexThreads());
        int slots = sizing.slots();
        Path flinkTmp = config.flink() == null ? FlinkTempDir.forThisProcess() : null;
        // The cluster's own REST endpoint on a free loopback port; the UI is shown read-only through a proxy.
        JobRunner runner = config.flink() == null
                ? EmbeddedJobRunner.start(new EmbeddedJobRunner.Settings(0, "127.0.0.1", slots, sizing.parallelism(),
                        flinkTmp))
                : new RemoteJobRunner(config.flink(), sizing.parallelism(), config.flinkJars().stream()
                        .map(Path::toString).toArray(String[]::new));
        Optional<LiveConfig> live = config.kafka() == null || config.topic() == null ? Optional.empty()
                : Optional.of(new LiveConfig(config.kafka(), config.topic(), LineFormat.ndjson()));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        QueryEngine engine;
        try {
            engine = new QueryEngine(new EngineConfig(roots, config.indexDir(), config.cacheDir(), live, limits, budget,
                    config.prefetch(), catalogOptions, Jobs.of(runner)), new QueryStats(registry));
        } catch (Exception | Error e) {
            runner.close();
            throw e;
        }
        FlinkUiProxy flinkUi = null;
        if (config.flink() == null) {
            try {
                flinkUi = FlinkUiProxy.start("127.0.0.1", config.flinkUiPort(), java.net.URI.create(runner.webUi().orElseThrow()));
            } catch (Exception | Error e) {
                engine.close();
                throw e;
            }
        }
        String flinkUiAddress = flinkUi != null ? flinkUi.address() : runner.webUi().orElse("");
        CatalogHolder catalog = engine.catalog();
        registry.gauge("rewind.archives", catalog, c -> c.snapshot().archives().size());
        registry.gauge("rewind.archives.indexing", catalog, c -> c.snapshot().pending().size());

        ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        QueryController query = new QueryController(engine, json);
        CatalogController archives = new CatalogController(catalog, json);
        AnalysisController analysis = new AnalysisController(catalog);
        ReportScheduler scheduler = config.reports() == null ? null : new ReportScheduler(
                config.reportCron() == null ? ReportScheduler.DEFAULT_CRON : config.reportCron(), java.time.Clock.systemUTC(),
                month -> MonthlyReport.write(month, engine, config.reports())).start();
        ReportsController reports = new ReportsController(config.reports(), scheduler);
        Map<String, Object> liveView = new LinkedHashMap<>();
        liveView.put("configured", live.isPresent());
        live.ifPresent(l -> {
            liveView.put("bootstrap", l.bootstrapServers());
            liveView.put("topic", l.topic());
        });
        // The dashboard links to the Flink UI only where a browser of this server can reach it: the
        // embedded one listens on loopback, like the API by default.
        boolean linkFlinkUi = config.flink() == null && AccessPolicy.isLoopback(config.host());
        Map<String, Object> jobs = new LinkedHashMap<>();
        jobs.put("runner", config.flink() == null ? "embedded MiniCluster" : "session cluster");
        jobs.put("web_ui", linkFlinkUi ? flinkUiAddress : "");
        jobs.put("slots", slots);
        jobs.put("readers_per_job", sizing.parallelism());
        jobs.put("index_threads", sizing.indexThreads());
        StatsController stats = new StatsController(engine, liveView, jobs);
        HealthController health = new HealthController(engine, config.kafka(), config.topic(),
                linkFlinkUi ? flinkUiAddress : null);
        DemoArchives demoArchives = config.demoData() == null ? null
                : new DemoArchives(config.demoData(), config.demoRemote(), catalog);
        DemoController demo = new DemoController(demoArchives, catalog);

        Javalin app;
        try {
            app = Javalin.create(cfg -> {
                cfg.jsonMapper(new JavalinJackson(json, false));
                cfg.http.maxRequestSize = QueryController.MAX_BODY;
                cfg.jetty.host = config.host();
                cfg.routes.before(access::check);
                cfg.routes.post("/api/query", query::post);
                cfg.routes.sse("/api/query/stream", query::sse);
                cfg.routes.delete("/api/query/{id}", query::cancel);
                cfg.routes.get("/api/archives", archives::list);
                cfg.routes.post("/api/admin/refresh", archives::refresh);
                cfg.routes.get("/api/analysis/errors", analysis::errors);
                cfg.routes.get("/api/reports", reports::list);
                cfg.routes.get("/api/reports/{name}", reports::get);
                cfg.routes.get("/api/stats", stats::get);
                cfg.routes.delete("/api/cache", ctx -> {
                    var report = engine.clearCaches();
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("cleared", report.filesFailed() == 0);
                    body.put("files_removed", report.filesRemoved());
                    body.put("bytes_removed", report.bytesRemoved());
                    body.put("files_failed", report.filesFailed());
                    if (report.firstFailure() != null) {
                        body.put("first_failure", report.firstFailure());
                    }
                    ctx.status(report.filesFailed() == 0 ? 200 : 500).json(body);
                });
                cfg.routes.get("/api/health", health::get);
                cfg.routes.post("/api/demo/create-sample-archives", demo::create);
                cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(registry.scrape()));
                if (RewindServer.class.getResource("/rewind-web/index.html") != null) {
                    // The dashboard (query-frontend/web, built into the jar): files, and index.html for
                    // every other path so client-side routes survive a reload.
                    cfg.staticFiles.add(files -> {
                        files.hostedPath = "/";
                        files.directory = "/rewind-web";
                        files.location = Location.CLASSPATH;
                    });
                    cfg.spaRoot.addFile("/", "/rewind-web/index.html", Location.CLASSPATH);
                }
                // Unknown API paths are JSON 404s, never the dashboard's index.html.
                cfg.routes.get("/api/*", ctx -> ctx.status(404).json(new ApiError("not_found", null,
                        "no API endpoint " + ctx.path())));
                ErrorAnswers.register(cfg);
            }).start(config.port());
        } catch (Exception | Error e) {
            if (flinkUi != null) {
                flinkUi.close();
            }
            engine.close();
            throw e;
        }
        FlinkWatchdog watchdog = new FlinkWatchdog(engine.jobs(), 5);
        LOG.info("Rewind API on http://{}:{} (Flink web UI {}, read-only)", config.host(), app.port(), flinkUiAddress);
        return new RewindServer(app, engine, demoArchives, scheduler, watchdog, flinkTmp, flinkUi, flinkUiAddress, stats,
                registry);
    }

    public int port() {
        return app.port();
    }

    /** The Flink web UI as shown to people (read-only), or the remote cluster's. */
    public String flinkUi() {
        return flinkUiAddress;
    }

    /** The demo's sample archives, in demo mode. */
    public Optional<DemoArchives> demo() {
        return Optional.ofNullable(demo);
    }

    /** Adds a part to {@code GET /api/stats}, computed at each call (the demo adds its archiver's). */
    public void statsSection(String name, java.util.function.Supplier<Object> value) {
        stats.section(name, value);
    }

    /** Adds a value to the {@code live} part of {@code GET /api/stats}, computed at each call. */
    public void liveStat(String name, java.util.function.Supplier<Object> value) {
        stats.livePart(name, value);
    }

    /** What {@code /metrics} serves; the demo registers its archiver's throughput and lag. */
    public io.micrometer.core.instrument.MeterRegistry metrics() {
        return registry;
    }

    public QueryEngine engine() {
        return engine;
    }

    public CatalogHolder catalog() {
        return engine.catalog();
    }

    @Override
    public void close() throws Exception {
        app.stop();
        watchdog.close();
        if (flinkUi != null) {
            flinkUi.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        engine.close();
        if (flinkTmp != null) {
            FlinkTempDir.deleteTree(flinkTmp); // nothing left in the temp directory after a clean stop
        }
    }
}
