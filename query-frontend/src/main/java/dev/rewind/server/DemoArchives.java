package dev.rewind.server;

import dev.rewind.catalog.CatalogHolder;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.sample.GroundTruth;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import dev.rewind.tier.TierReport;
import dev.rewind.tier.Tiering;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;

/**
 * The demo's six months of sample archives: created once into the demo directory (a catalog root),
 * the older months then tiered (archives with their sidecars) into the embedded object store when
 * there is one, and the catalog reloaded. Both {@code rewind demo} (at start, in the background) and
 * {@code POST /api/demo/create-sample-archives} call it; the second caller waits for the first.
 */
public final class DemoArchives {
    private final Path data;
    private final DemoRemote remote;
    private final CatalogHolder catalog;

    /** @param remote the object-storage tier for the older months, or null to keep all on local disk */
    public DemoArchives(Path data, DemoRemote remote, CatalogHolder catalog) {
        this.data = data;
        this.remote = remote;
        this.catalog = catalog;
    }

    /** @return true when this call created them */
    public synchronized boolean ensureCreated() throws IOException {
        boolean created = false;
        if (!Files.exists(data.resolve("ground-truth.json"))) {
            new SampleGenerator(SampleSpec.defaults()).generate(data, n -> { });
            created = true;
        }
        if (remote != null) {
            moveOlderMonths();
        }
        catalog.refreshRemote();
        return created;
    }

    /**
     * Archives whose lines are all before the remote tier's cut-off, and their sidecars, move into
     * the object store: the same {@link Tiering} as {@code rewind tier} (copied through the S3 API,
     * verified, recorded in the root's moves log, deleted here). Its bucket is made first (a folder
     * of the embedded S3 server's store).
     */
    private void moveOlderMonths() throws IOException {
        Files.createDirectories(remote.directory());
        TierReport report = Tiering.builder().from(StoragePath.of(data)).to(remote.root())
                .olderThan(remote.before().atStartOfDay(ZoneOffset.UTC).toInstant()).build().run();
        if (!report.refused().isEmpty()) {
            TierReport.Refused first = report.refused().get(0);
            throw new IOException(report.refused().size() + " sample archives could not be moved to " + remote.root()
                    + ", e.g. " + first.path() + ": " + first.reason());
        }
    }

    public GroundTruth truth() throws IOException {
        return GroundTruth.read(data.resolve("ground-truth.json"));
    }

    public Path directory() {
        return data;
    }
}
