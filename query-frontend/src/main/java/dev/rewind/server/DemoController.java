package dev.rewind.server;

import dev.rewind.catalog.CatalogHolder;
import dev.rewind.sample.GroundTruth;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/demo/create-sample-archives}: writes six months of sample archives (once) into
 * the demo directory, which is one of the catalog's roots, and reloads the catalog. Only in demo
 * mode; answers 404 otherwise.
 */
final class DemoController {
    private final DemoArchives demo;
    private final CatalogHolder catalog;

    DemoController(DemoArchives demo, CatalogHolder catalog) {
        this.demo = demo;
        this.catalog = catalog;
    }

    void create(Context ctx) throws Exception {
        if (demo == null) {
            ctx.status(404).json(new ApiError("not_found", null, "demo mode is off; start with `rewind demo`"));
            return;
        }
        boolean created = demo.ensureCreated();
        GroundTruth truth = demo.truth();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("created", created);
        body.put("directory", demo.directory().toString());
        body.put("days", truth.days().size());
        body.put("archives", catalog.snapshot().archives().size());
        body.put("levels", truth.totalLevels());
        ctx.json(body);
    }
}
