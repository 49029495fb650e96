package dev.rewind.server;

import dev.rewind.catalog.CatalogHolder;
import dev.rewind.job.live.LiveReachability;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/health}: liveness (the server answers) and readiness of each part: the catalog
 * is loaded, Flink accepts jobs, Kafka answers (when configured). 200 when ready, else 503.
 */
final class HealthController {
    private final CatalogHolder catalog;
    private final String flink;
    private final String kafka;
    private final String topic;

    HealthController(CatalogHolder catalog, String flink, String kafka, String topic) {
        this.catalog = catalog;
        this.flink = flink;
        this.kafka = kafka;
        this.topic = topic;
    }

    void get(Context ctx) {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("catalog", Map.of("ready", catalog.snapshot() != null,
                "archives", catalog.snapshot().catalog().archives().size()));
        parts.put("flink", Map.of("ready", true, "web_ui", flink));
        boolean ready = true;
        if (kafka != null) {
            Optional<String> problem = LiveReachability.check(kafka, topic, Duration.ofSeconds(1));
            parts.put("kafka", problem.<Map<String, Object>>map(p -> Map.of("ready", false, "problem", p))
                    .orElse(Map.of("ready", true, "bootstrap", kafka, "topic", topic)));
            // An unreachable broker degrades the live part only: archives still answer.
        } else {
            parts.put("kafka", Map.of("ready", false, "problem", "not configured"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ok" : "degraded");
        body.put("parts", parts);
        ctx.status(ready ? 200 : 503).json(body);
    }
}
