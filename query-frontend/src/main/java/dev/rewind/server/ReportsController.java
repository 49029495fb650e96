package dev.rewind.server;

import dev.rewind.report.ReportScheduler;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** {@code GET /api/reports} lists the monthly error-trend reports; {@code GET /api/reports/{name}} serves one. */
final class ReportsController {
    private final Path dir;
    private final ReportScheduler scheduler;

    ReportsController(Path dir, ReportScheduler scheduler) {
        this.dir = dir;
        this.scheduler = scheduler;
    }

    record ReportFile(String name, String month, String kind, long bytes, String url) {
    }

    void list(Context ctx) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("next_run", scheduler == null ? null : scheduler.next().toString());
        List<ReportFile> files = List.of();
        if (dir != null && Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                files = list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("error-trends-")).sorted()
                        .map(n -> new ReportFile(n, n.substring("error-trends-".length(), n.lastIndexOf('.')),
                                n.substring(n.lastIndexOf('.') + 1), size(dir.resolve(n)), "/api/reports/" + n))
                        .toList();
            }
        }
        body.put("reports", files);
        ctx.json(body);
    }

    void get(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        Path file = dir == null ? null : dir.resolve(name).normalize();
        if (file == null || !file.startsWith(dir) || !name.startsWith("error-trends-") || !Files.isRegularFile(file)) {
            ctx.status(404).json(new ApiError("not_found", "name", "no report " + name));
            return;
        }
        String type = name.endsWith(".png") ? "image/png" : name.endsWith(".csv") ? "text/csv" : "application/json";
        ctx.contentType(type).result(Files.readAllBytes(file));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
