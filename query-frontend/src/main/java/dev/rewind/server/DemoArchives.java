package dev.rewind.server;

import dev.rewind.catalog.CatalogHolder;
import dev.rewind.connectors.archive.format.PathDates;
import dev.rewind.sample.GroundTruth;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo's six months of sample archives: created once into the demo directory (a catalog root),
 * the older months then moved (archives with their sidecars) into the embedded object store when
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

    /** Archives dated before the remote tier's cut-off, and their sidecars, move into the object store's folder. */
    private void moveOlderMonths() throws IOException {
        List<Path> older;
        try (Stream<Path> files = Files.walk(data)) {
            older = files.filter(Files::isRegularFile).filter(f -> {
                LocalDate day = PathDates.of(data.relativize(f).toString());
                return day != null && day.isBefore(remote.before());
            }).toList();
        }
        try {
            for (Path file : older) {
                Path target = remote.directory().resolve(data.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        try (Stream<Path> dirs = Files.walk(data)) { // the days' folders left empty
            for (Path dir : dirs.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!dir.equals(data) && Files.isDirectory(dir)) {
                    try (Stream<Path> in = Files.list(dir)) {
                        if (in.findAny().isEmpty()) {
                            Files.delete(dir);
                        }
                    }
                }
            }
        }
    }

    public GroundTruth truth() throws IOException {
        return GroundTruth.read(data.resolve("ground-truth.json"));
    }

    public Path directory() {
        return data;
    }
}
