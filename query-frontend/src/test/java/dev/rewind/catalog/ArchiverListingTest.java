package dev.rewind.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.archive.write.ArchiveWriter;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.storage.StorageSettings;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.server.EmbeddedS3;
import dev.rewind.job.archiver.ArchiveManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder the streaming archiver writes to is listed as its manifest says: the archives a commit
 * in progress announced are left out until the manifest covers them, its own folder
 * ({@code _rewind/}) is never taken for archives, and the manifest is what the route cuts at —
 * in a local folder and in a bucket alike.
 */
class ArchiverListingTest {
    @TempDir
    Path root;

    private static final Instant T = Instant.parse("2024-03-01T10:00:00Z");

    @Test
    void archivesAnnouncedAsPendingAreLeftOutUntilTheManifestCoversThem() throws Exception {
        Path target = root.resolve("live");
        Path first = archive(target, "logs-20240301T100000Z-0-aaaa.ndjson.zst", 0, 10);
        Path second = archive(target, "logs-20240301T100000Z-0-bbbb.ndjson.zst", 10, 5);
        Path checkpoint = target.resolve("_rewind/checkpoints/job/chk-3/_metadata");
        Files.createDirectories(checkpoint.getParent());
        Files.write(checkpoint, new byte[] {1, 2, 3});
        String relative = target.relativize(second).toString();
        // the first archive committed (offsets 0-9); a commit of the second one under way
        manifest(target, new ArchiveManifest("logs", 8, T.plusSeconds(30),
                List.of(new ArchiveManifest.PartitionMark(0, 10, T.plusSeconds(9))), List.of(relative), 10, 1, 100));

        try (CatalogHolder catalog = new CatalogHolder(List.of(root), new SidecarPlacement(root.resolve("index")),
                CatalogHolder.Options.command())) {
            Catalog during = catalog.snapshot();
            assertEquals(List.of(StoragePath.of(first)), paths(during), "the announced archive is not listed yet; _rewind/ never is");
            assertTrue(during.pending().isEmpty(), "nor queued for indexing");
            assertEquals(Map.of(0, 10L), during.archived("logs").orElseThrow().nextOffsets());
            assertEquals(Optional.empty(), during.archived("other-topic"));

            ArchiveManifest after = new ArchiveManifest("logs", 9, T.plusSeconds(40),
                    List.of(new ArchiveManifest.PartitionMark(0, 15, T.plusSeconds(14))), List.of(), 15, 2, 150);
            manifest(target, after);
            catalog.refresh();
            assertEquals(List.of(StoragePath.of(first), StoragePath.of(second)), paths(catalog.snapshot()), "committed: listed");
            assertEquals(Map.of(0, 15L), catalog.snapshot().archived("logs").orElseThrow().nextOffsets());
            assertEquals(T.plusSeconds(14), catalog.snapshot().archived("logs").orElseThrow().watermark().orElseThrow());

            Files.writeString(target.resolve("_rewind/manifest.json"), "{not json");
            catalog.refresh();
            assertEquals(List.of(), paths(catalog.snapshot()), "an unreadable manifest: its folder is left out");
            assertTrue(catalog.rootProblems().stream().anyMatch(p -> p.contains("manifest")), catalog.rootProblems().toString());
        }
    }

    @Test
    void aFolderTheArchiverWritesToInABucketIsListedAsItsManifestSays() throws Exception {
        Path store = root.resolve("s3");
        Path target = store.resolve("logs/archive/live"); // s3://logs/archive/live
        Path first = archive(target, "logs-20240301T100000Z-0-aaaa.ndjson.zst", 0, 10);
        Path second = archive(target, "logs-20240301T100000Z-0-bbbb.ndjson.zst", 10, 5);
        Path checkpoint = target.resolve("_rewind/checkpoints/job/chk-3/_metadata");
        Files.createDirectories(checkpoint.getParent());
        Files.write(checkpoint, new byte[] {1, 2, 3});
        manifest(target, new ArchiveManifest("logs", 8, T.plusSeconds(30),
                List.of(new ArchiveManifest.PartitionMark(0, 10, T.plusSeconds(9))),
                List.of(target.relativize(second).toString()), 10, 1, 100));
        StoragePath bucketTarget = StoragePath.of("s3://logs/archive/live");
        StoragePath firstThere = bucketTarget.resolve(target.relativize(first).toString());
        StoragePath secondThere = bucketTarget.resolve(target.relativize(second).toString());

        try (EmbeddedS3 s3 = EmbeddedS3.start(store, "127.0.0.1", 0, "rewind-test-access", "rewind-test-secret")) {
            // With the SSD tier on: the manifest, rewritten in place, must still be read afresh.
            Storages.configure(new StorageSettings(s3.flinkConfig(), Path.of("target/plugins"), root.resolve("ssd"),
                    64L << 20, StorageSettings.DEFAULT_REGION_BYTES, StorageSettings.DEFAULT_PARALLEL_GETS,
                    StorageSettings.DEFAULT_MAX_GET_BYTES));
            try (CatalogHolder catalog = CatalogHolder.open(List.of(StoragePath.of("s3://logs/archive")),
                    new SidecarPlacement(root.resolve("index")), CatalogHolder.Options.command())) {
                assertEquals(List.of(firstThere), paths(catalog.snapshot()),
                        "the announced archive is not listed yet; _rewind/ never is");
                assertEquals(Map.of(0, 10L), catalog.snapshot().archived("logs").orElseThrow().nextOffsets());

                manifest(target, new ArchiveManifest("logs", 9, T.plusSeconds(40),
                        List.of(new ArchiveManifest.PartitionMark(0, 15, T.plusSeconds(14))), List.of(), 15, 2, 150));
                catalog.refresh();
                assertEquals(List.of(firstThere, secondThere), paths(catalog.snapshot()), "committed: listed");
                assertEquals(Map.of(0, 15L), catalog.snapshot().archived("logs").orElseThrow().nextOffsets());
            }
        } finally {
            Storages.configure(StorageSettings.localOnly());
        }
    }

    private static List<StoragePath> paths(Catalog c) {
        return c.archives().stream().map(IndexedArchive::archive).sorted().toList();
    }

    private static Path archive(Path target, String name, int from, int lines) throws Exception {
        Path archive = target.resolve("dt=2024-03-01/hour=10").resolve(name);
        StringBuilder text = new StringBuilder();
        for (int i = from; i < from + lines; i++) {
            text.append("{\"timestamp\":\"").append(T.plusSeconds(i)).append("\",\"level\":\"INFO\",\"message\":\"m")
                    .append(i).append("\"}\n");
        }
        try (ArchiveWriter w = ArchiveWriter.builder().open(archive)) {
            w.write(new java.io.ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return archive;
    }

    private static void manifest(Path target, ArchiveManifest m) throws Exception {
        Path file = target.resolve("_rewind/manifest.json");
        Files.createDirectories(file.getParent());
        Files.write(file, m.toJson());
    }
}
