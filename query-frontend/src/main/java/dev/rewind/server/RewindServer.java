package dev.rewind.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.rewind.analysis.MonthlyReport;
import dev.rewind.analysis.ReportScheduler;
import dev.rewind.api.BadRequestException;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.connectors.record.LineFormat;
import dev.rewind.job.runner.EmbeddedJobRunner;
import dev.rewind.job.runner.JobRunner;
import dev.rewind.job.runner.QueryExecutor;
import dev.rewind.job.runner.RemoteJobRunner;
import dev.rewind.query.ArchiveQueryRunner;
import dev.rewind.query.handler.DiskResultStore;
import dev.rewind.stats.QueryStats;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of DESIGN.md's API on Javalin: wires the catalog, the job runner, the query
 * path and the controllers, and owns their life cycle. {@link #close()} stops all of it.
 */
public final class RewindServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RewindServer.class);

    private final Javalin app;
    private final JobRunner runner;
    private final CatalogHolder catalog;
    private final String flinkUi;

    private final DemoArchives demo;

    private final QueryService queries;

    private final ReportScheduler scheduler;

    private RewindServer(Javalin app, JobRunner runner, CatalogHolder catalog, String flinkUi, DemoArchives demo,
                         QueryService queries, ReportScheduler scheduler) {
        this.scheduler = scheduler;
        this.queries = queries;
        this.demo = demo;
        this.app = app;
        this.runner = runner;
        this.catalog = catalog;
        this.flinkUi = flinkUi;
    }

    public static RewindServer start(ServerConfig config) throws Exception {
        List<java.nio.file.Path> roots = new ArrayList<>(config.archives());
        if (config.demoData() != null) {
            Files.createDirectories(config.demoData());
            if (!roots.contains(config.demoData())) {
                roots.add(config.demoData());
            }
        }
        CatalogHolder catalog = new CatalogHolder(roots, config.indexDir()).refreshEvery(5);
        int slots = Math.max(2, Runtime.getRuntime().availableProcessors());
        JobRunner runner = config.flink() == null ? EmbeddedJobRunner.start(config.flinkUiPort(), slots)
                : new RemoteJobRunner(config.flink(), slots);
        String flinkUi = runner.webUi().orElse("");
        Optional<ArchiveQueryRunner.LiveConfig> live = config.kafka() == null || config.topic() == null ? Optional.empty()
                : Optional.of(new ArchiveQueryRunner.LiveConfig(config.kafka(), config.topic(), LineFormat.ndjson()));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        QueryService queries = new QueryService(new ArchiveQueryRunner(new QueryExecutor(runner), live), catalog, live,
                new QueryStats(registry), config.cacheBytes(),
                config.cacheDir() == null ? null : new DiskResultStore(config.cacheDir(), 4 * config.cacheBytes()),
                config.prefetch());
        registry.gauge("rewind.archives", catalog, c -> c.snapshot().catalog().archives().size());

        ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        QueryController query = new QueryController(queries, json);
        CatalogController archives = new CatalogController(catalog, json);
        AnalysisController analysis = new AnalysisController(catalog);
        ArchiveQueryRunner reportRunner = new ArchiveQueryRunner(new QueryExecutor(runner), Optional.empty());
        ReportScheduler scheduler = config.reports() == null ? null : new ReportScheduler(
                config.reportCron() == null ? ReportScheduler.DEFAULT_CRON : config.reportCron(), java.time.Clock.systemUTC(),
                month -> MonthlyReport.write(month, catalog.snapshot().catalog(), reportRunner, config.reports())).start();
        ReportsController reports = new ReportsController(config.reports(), scheduler);
        Map<String, Object> liveView = new LinkedHashMap<>();
        liveView.put("configured", live.isPresent());
        live.ifPresent(l -> {
            liveView.put("bootstrap", l.bootstrapServers());
            liveView.put("topic", l.topic());
        });
        Map<String, Object> jobs = new LinkedHashMap<>();
        jobs.put("runner", config.flink() == null ? "embedded MiniCluster" : "session cluster");
        jobs.put("web_ui", flinkUi);
        jobs.put("slots", slots);
        StatsController stats = new StatsController(queries, catalog, liveView, jobs);
        HealthController health = new HealthController(catalog, flinkUi, config.kafka(), config.topic());
        DemoArchives demoArchives = config.demoData() == null ? null : new DemoArchives(config.demoData(), catalog);
        DemoController demo = new DemoController(demoArchives, catalog);

        Javalin app = Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.http.maxRequestSize = 4L * QueryController.MAX_BODY; // we refuse > 1 MiB ourselves, with a 400
            cfg.jetty.host = "0.0.0.0";
            cfg.routes.post("/api/query", query::post);
            cfg.routes.sse("/api/query/stream", query::sse);
            cfg.routes.delete("/api/query/{id}", ctx -> {
                boolean stopped = queries.cancel(ctx.pathParam("id"));
                ctx.status(stopped ? 200 : 404).json(stopped ? Map.of("cancelled", true)
                        : new ApiError("not_found", "id", "no running query " + ctx.pathParam("id")));
            });
            cfg.routes.get("/api/archives", archives::list);
            cfg.routes.get("/api/analysis/errors", analysis::errors);
            cfg.routes.get("/api/reports", reports::list);
            cfg.routes.get("/api/reports/{name}", reports::get);
            cfg.routes.get("/api/stats", stats::get);
            cfg.routes.delete("/api/cache", ctx -> {
                queries.clearCaches();
                ctx.json(Map.of("cleared", true));
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
            cfg.routes.exception(BadRequestException.class, (e, ctx) ->
                    ctx.status(400).json(new ApiError("bad_request", e.field(), e.reason())));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.warn("request failed: {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).json(new ApiError("internal", null, String.valueOf(e.getMessage())));
            });
        }).start(config.port());
        LOG.info("Rewind API on http://localhost:{} (Flink web UI {})", app.port(), flinkUi);
        return new RewindServer(app, runner, catalog, flinkUi, demoArchives, queries, scheduler);
    }

    public int port() {
        return app.port();
    }

    public String flinkUi() {
        return flinkUi;
    }

    /** The demo's sample archives, in demo mode. */
    public Optional<DemoArchives> demo() {
        return Optional.ofNullable(demo);
    }

    public QueryService queries() {
        return queries;
    }

    public CatalogHolder catalog() {
        return catalog;
    }

    @Override
    public void close() throws Exception {
        app.stop();
        if (scheduler != null) {
            scheduler.close();
        }
        catalog.close();
        runner.close();
    }
}
