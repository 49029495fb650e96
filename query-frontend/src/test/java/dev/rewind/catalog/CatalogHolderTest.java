package dev.rewind.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.index.ArchiveIndexer;
import dev.rewind.connectors.archive.format.Sidecar;
import dev.rewind.connectors.archive.format.SidecarDetails;
import dev.rewind.connectors.archive.format.Tokens;
import dev.rewind.connectors.storage.IoCounts;
import dev.rewind.connectors.storage.StoragePath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Foreign archives are served after the lean pass, and get their token index in the background. */
class CatalogHolderTest {
    @TempDir
    Path dir;

    @Test
    void foreignArchivesAreIndexedLeanThenGetTheirTokenIndexInTheBackground() throws Exception {
        Path store = dir.resolve("store");
        Path archive = store.resolve("dt=2024-03-01").resolve("app.ndjson.zst");
        Files.createDirectories(archive.getParent());
        StringBuilder lines = new StringBuilder();
        Instant t = Instant.parse("2024-03-01T00:00:00Z");
        for (int i = 0; i < 5000; i++) {
            lines.append("{\"timestamp\":\"").append(t.plusSeconds(i)).append("\",\"level\":\"")
                    .append(i % 10 == 0 ? "ERROR" : "INFO").append("\",\"service\":\"api\",\"message\":\"request r")
                    .append(i).append(" done\"}\n");
        }
        Files.write(archive, Zstd.compress(lines.toString().getBytes(StandardCharsets.UTF_8), 3));
        Path indexDir = dir.resolve("index");
        Path sidecar = ArchiveFiles.sidecarIn(indexDir, archive);

        try (CatalogHolder command = new CatalogHolder(List.of(store), new SidecarPlacement(indexDir),
                CatalogHolder.Options.command())) {
            assertEquals(1, command.snapshot().pending().size(), "found, not indexed before a query asks");
            Catalog lean = command.awaitIndexed(t, t.plusSeconds(5000), Duration.ofMinutes(1));
            assertEquals(1, lean.archives().size());
            assertFalse(lean.archives().get(0).index().summary().tokensIndexed(), "a command's pass is the lean one");
            assertEquals(500, lean.archives().get(0).index().summary().levels().get(dev.rewind.connectors.record.Level.ERROR));
        }
        SidecarDetails leanDetails = ArchiveFiles.readDetails(sidecar, false);

        try (CatalogHolder holder = new CatalogHolder(List.of(store), new SidecarPlacement(indexDir),
                CatalogHolder.Options.server())) {
            String version = holder.snapshot().version();
            Sidecar full = null;
            for (int i = 0; i < 200 && (full == null || !full.index().summary().tokensIndexed()); i++) {
                Thread.sleep(50);
                full = ArchiveFiles.readAll(archive, sidecar);
            }
            assertTrue(full.index().summary().tokensIndexed(), "the token index was added in the background");
            assertTrue(full.details().bloom(0).mightContainAll(Tokens.hashesOf("r4999")));
            assertFalse(full.details().bloom(0).mightContainAll(Tokens.hashesOf("r5001")));
            assertEquals(leanDetails.hours(), full.details().hours(), "nothing but the blooms changed");
            holder.refresh();
            assertEquals(version, holder.snapshot().version(), "answers do not depend on it, so cached ones stay");
            assertTrue(holder.snapshot().archives().get(0).index().summary().tokensIndexed(), "the catalog read it again");
        }
    }
    private static Path foreignFile(Path store, String day, int lines) throws Exception {
        Path archive = store.resolve("dt=" + day).resolve("app.ndjson.zst");
        Files.createDirectories(archive.getParent());
        StringBuilder text = new StringBuilder();
        Instant t = Instant.parse(day + "T00:00:00Z");
        for (int i = 0; i < lines; i++) {
            text.append("{\"timestamp\":\"").append(t.plusSeconds(i)).append("\",\"level\":\"ERROR\",\"message\":\"m")
                    .append(i).append("\"}\n");
        }
        Files.write(archive, Zstd.compress(text.toString().getBytes(StandardCharsets.UTF_8), 3));
        return archive;
    }

    @Test
    void anArchiveThatKeepsFailingIsTriedAgainLaterNotAtEveryRefreshAndNothingElseStops() throws Exception {
        Path store = dir.resolve("failing");
        Path good = foreignFile(store, "2024-03-01", 100);
        Path bad = foreignFile(store, "2024-03-02", 100);
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        ArchiveIndexer real = ArchiveIndexer.create(null, null).withoutTokens();
        CatalogHolder.Options options = new CatalogHolder.Options(Duration.ofHours(1), 1, true, false, false, Duration.ofHours(1), ListingScope.ALL);
        try (CatalogHolder holder = new CatalogHolder(List.of(store), new SidecarPlacement(dir.resolve("idx")), options,
                (archive, sidecar) -> {
                    if (archive.path().equals(StoragePath.of(bad))) {
                        attempts.incrementAndGet();
                        throw new StackOverflowError("an Error, not an Exception, while indexing it");
                    }
                    return real.index(archive, sidecar, n -> { }, IoCounts.IGNORED);
                })) {
            Catalog c = holder.awaitIndexed(Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-03T00:00:00Z"),
                    Duration.ofMinutes(1));
            assertEquals(List.of(StoragePath.of(good)), c.archives().stream().map(a -> a.archive()).toList(),
                    "the other archive is indexed");
            assertEquals(1, c.failed().size());
            assertTrue(c.failed().get(0).reason().contains("an Error, not an Exception"), c.failed().toString());
            assertTrue(c.failed().get(0).retryAt().isAfter(Instant.now().plusSeconds(5)), "tried again later, not at once");
            for (int i = 0; i < 5; i++) {
                holder.refresh();
            }
            assertEquals(1, attempts.get(), "not tried again at every refresh");
            assertTrue(holder.snapshot().problemsIn(Instant.parse("2024-03-02T00:00:00Z"),
                    Instant.parse("2024-03-02T12:00:00Z")).get(0).startsWith(bad.toString()));
            // Changed, it is tried again at once (it may be whole now).
            foreignFile(store, "2024-03-02", 120);
            Files.setLastModifiedTime(bad, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
            holder.refresh();
            holder.awaitIndexed(Instant.parse("2024-03-02T00:00:00Z"), Instant.parse("2024-03-02T12:00:00Z"),
                    Duration.ofSeconds(30));
            assertEquals(2, attempts.get());
        }
    }

    @Test
    void aReadOnlyStoreGetsItsSidecarsInTheLocalIndexDirectoryWithoutBeingTold() throws Exception {
        Path store = dir.resolve("readonly");
        Path archive = foreignFile(store, "2024-03-05", 50);
        Path defaultIndex = SidecarPlacement.defaultIndexDir();
        // Running as root, permissions would not stop a write: the placement is told the store's folders are read-only.
        SidecarPlacement readOnly = new SidecarPlacement(null, folder -> !folder.startsWith(store));
        try (CatalogHolder holder = new CatalogHolder(List.of(store), readOnly, CatalogHolder.Options.command())) {
            Catalog c = holder.awaitIndexed(Instant.parse("2024-03-05T00:00:00Z"), Instant.parse("2024-03-06T00:00:00Z"),
                    Duration.ofMinutes(1));
            assertEquals(1, c.archives().size(), "indexed, not left out");
            assertEquals(50, c.archives().get(0).index().summary().lines());
            assertNotNull(c.archives().get(0).sidecar().relativeTo(StoragePath.of(defaultIndex)),
                    c.archives().get(0).sidecar().toString());
            try (var files = Files.walk(store)) {
                assertEquals(List.of(archive), files.filter(Files::isRegularFile).toList(), "nothing written into the store");
            }
        }
        try (CatalogHolder again = new CatalogHolder(List.of(store), readOnly, CatalogHolder.Options.command())) {
            assertEquals(1, again.snapshot().archives().size(), "and found there the next time");
        }
    }
}
