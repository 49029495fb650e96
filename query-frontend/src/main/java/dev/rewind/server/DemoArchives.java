package dev.rewind.server;

import dev.rewind.catalog.CatalogHolder;
import dev.rewind.sample.GroundTruth;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo's six months of sample archives: created once into the demo directory (a catalog root),
 * then the catalog is reloaded. Both {@code rewind demo} (at start, in the background) and
 * {@code POST /api/demo/create-sample-archives} call it; the second caller waits for the first.
 */
public final class DemoArchives {
    private final Path data;
    private final CatalogHolder catalog;

    public DemoArchives(Path data, CatalogHolder catalog) {
        this.data = data;
        this.catalog = catalog;
    }

    /** @return true when this call created them */
    public synchronized boolean ensureCreated() throws IOException {
        boolean created = false;
        if (!Files.exists(data.resolve("ground-truth.json"))) {
            new SampleGenerator(SampleSpec.defaults()).generate(data, n -> { });
            created = true;
        }
        catalog.refresh();
        return created;
    }

    public GroundTruth truth() throws IOException {
        return GroundTruth.read(data.resolve("ground-truth.json"));
    }

    public Path directory() {
        return data;
    }
}
