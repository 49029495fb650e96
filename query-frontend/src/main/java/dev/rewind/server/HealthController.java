package dev.rewind.server;

import dev.rewind.catalog.Catalog;
import dev.rewind.job.live.LiveReachability;
import dev.rewind.job.runner.JobRunner;
import dev.rewind.query.QueryEngine;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/health}: liveness (the server answers) and readiness of each part: the catalog
 * (and how many archives are still being indexed), Flink (TaskManagers registered and slots, asked
 * of the cluster, not assumed), Kafka when configured. 200 when archive queries can run, else 503;
 * an unreachable broker degrades only the live part.
 */
final class HealthController {
    private final QueryEngine engine;
    private final String kafka;
    private final String topic;
    private final String flinkUi;

    /** @param flinkUi the Flink UI to show, or null where a browser of this server cannot reach it */
    HealthController(QueryEngine engine, String kafka, String topic, String flinkUi) {
        this.engine = engine;
        this.kafka = kafka;
        this.topic = topic;
        this.flinkUi = flinkUi;
    }

    void get(Context ctx) {
        Map<String, Object> parts = new LinkedHashMap<>();
        Catalog catalog = engine.catalog().snapshot();
        Map<String, Object> cat = new LinkedHashMap<>();
        cat.put("ready", true);
        cat.put("archives", catalog.archives().size());
        cat.put("indexing", catalog.pending().size());
        cat.put("failed", catalog.failed().size());
        parts.put("catalog", cat);
        JobRunner.Health flink = engine.jobs().health();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("ready", flink.ready());
        f.put("task_managers", flink.taskManagers());
        f.put("slots", flink.slots());
        if (flink.problem() != null) {
            f.put("problem", flink.problem());
        }
        if (flinkUi != null) {
            f.put("web_ui", flinkUi);
        }
        parts.put("flink", f);
        if (kafka != null) {
            Optional<String> problem = LiveReachability.check(kafka, topic, Duration.ofSeconds(1));
            parts.put("kafka", problem.<Map<String, Object>>map(p -> Map.of("ready", false, "problem", p))
                    .orElse(Map.of("ready", true, "bootstrap", kafka, "topic", topic)));
        } else {
            parts.put("kafka", Map.of("ready", false, "problem", "not configured"));
        }
        boolean ready = flink.ready();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ok" : "degraded");
        body.put("parts", parts);
        ctx.status(ready ? 200 : 503).json(body);
    }
}
