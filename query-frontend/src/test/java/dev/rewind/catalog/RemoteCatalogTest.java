package dev.rewind.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.StorageSettings;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.server.EmbeddedS3;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The catalog over a bucket, as a server keeps it: objects added, rewritten and removed are taken
 * in by their version on the schedule and on demand, with sidecars beside them where the bucket
 * may be written, and in the index directory (local or itself in a bucket) where it may not.
 */
class RemoteCatalogTest {
    private static final Instant DAY = Instant.parse("2024-03-01T00:00:00Z");

    @TempDir
    static Path dir;
    static Path base;
    static EmbeddedS3 s3;

    /** A bucket one may read but not write, as archive buckets often are for the readers. */
    private static final class ReadOnlyBucket extends ForwardingBlobStore {
        private final String bucket;

        ReadOnlyBucket(BlobStore store, String bucket) {
            super(store);
            this.bucket = bucket;
        }

        @Override
        public PutObjectResponse putBlob(PutObjectRequest request, InputStream body) {
            refuseIn(request.bucket());
            return super.putBlob(request, body);
        }

        @Override
        public CopyObjectResponse copyBlob(CopyObjectRequest request) {
            refuseIn(request.destinationBucket());
            return super.copyBlob(request);
        }

        @Override
        public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
            refuseIn(request.bucket());
            return super.removeBlob(request);
        }

        private void refuseIn(String target) {
            if (bucket.equals(target)) {
                throw S3Exceptions.fromStatusCode(403);
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        base = dir.resolve("s3");
        for (String bucket : List.of("logs", "frozen")) {
            Files.createDirectories(base.resolve(bucket));
        }
        s3 = EmbeddedS3.start(base, "127.0.0.1", 0, "catalog-access", "catalog-secret",
                store -> new ReadOnlyBucket(store, "frozen"));
        Storages.configure(new StorageSettings(s3.flinkConfig(), Path.of("target/plugins"), dir.resolve("ssd"),
                64L << 20, StorageSettings.DEFAULT_REGION_BYTES, StorageSettings.DEFAULT_PARALLEL_GETS,
                StorageSettings.DEFAULT_MAX_GET_BYTES));
    }

    @AfterAll
    static void stop() throws Exception {
        Storages.configure(StorageSettings.localOnly());
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void objectsAddedRewrittenAndRemovedAreTakenInByVersion() throws Exception {
        foreign("logs", "app/dt=2024-03-01/a.ndjson.zst", 0, 100);
        foreign("logs", "app/dt=2024-03-02/b.ndjson.zst", 1, 100);
        // A server's schedule, made short: local roots every 200 ms, the bucket every 400 ms.
        CatalogHolder.Options often = new CatalogHolder.Options(Duration.ofMillis(200), 1, true, false, false,
                Duration.ofMillis(400), ListingScope.ALL);
        try (CatalogHolder catalog = CatalogHolder.open(List.of(StoragePath.of("s3://logs/app")),
                SidecarPlacement.of(null), often)) {
            assertEquals(Map.of("a.ndjson.zst", 100L, "b.ndjson.zst", 100L), linesOnceIndexed(catalog, 2));
            assertTrue(Files.exists(base.resolve("logs/app/dt=2024-03-01/a.ndjson.zst.idx")),
                    "a bucket that may be written gets the sidecars beside its archives");

            foreign("logs", "app/dt=2024-03-03/c.ndjson.zst", 2, 70);
            assertEquals(Map.of("a.ndjson.zst", 100L, "b.ndjson.zst", 100L, "c.ndjson.zst", 70L),
                    linesOnceIndexed(catalog, 3), "a new object is found by the schedule alone");

            // Rewritten in place: a new version, so the sidecar beside it no longer matches and is made again.
            foreign("logs", "app/dt=2024-03-02/b.ndjson.zst", 1, 150);
            catalog.refreshRemote();
            assertEquals(Map.of("a.ndjson.zst", 100L, "b.ndjson.zst", 150L, "c.ndjson.zst", 70L),
                    linesOnceIndexed(catalog, 3), "a rewritten object is read again, not answered from its old sidecar");

            Files.delete(base.resolve("logs/app/dt=2024-03-01/a.ndjson.zst"));
            catalog.refreshRemote();
            assertEquals(Map.of("b.ndjson.zst", 150L, "c.ndjson.zst", 70L), linesOnceIndexed(catalog, 2),
                    "a removed object leaves the catalog when asked, without waiting for the schedule");
        }
    }

    @Test
    void aBucketThatMayNotBeWrittenHasItsSidecarsInTheIndexDirectoryLocalOrInAnotherBucket() throws Exception {
        foreign("frozen", "app/dt=2024-03-01/a.ndjson.zst", 0, 120);
        StoragePath root = StoragePath.of("s3://frozen/app");
        StoragePath archive = root.resolve("dt=2024-03-01/a.ndjson.zst");
        Path localIndex = dir.resolve("local-index");
        StoragePath remoteIndex = StoragePath.of("s3://logs/sidecars");

        for (StoragePath indexDir : List.of(StoragePath.of(localIndex), remoteIndex)) {
            try (CatalogHolder catalog = CatalogHolder.open(List.of(root), SidecarPlacement.of(indexDir),
                    CatalogHolder.Options.command())) {
                assertEquals(Map.of("a.ndjson.zst", 120L), linesOnceIndexed(catalog, 1), "indexed from " + indexDir);
            }
            assertFalse(Files.exists(base.resolve("frozen/app/dt=2024-03-01/a.ndjson.zst.idx")),
                    "nothing was written into the read-only bucket");
            StoragePath sidecar = ArchiveFiles.sidecarIn(indexDir, archive);
            assertTrue(Storages.of(sidecar).stat(sidecar) != null, "the sidecar is in " + indexDir + ": " + sidecar);

            try (CatalogHolder again = CatalogHolder.open(List.of(root), SidecarPlacement.of(indexDir),
                    CatalogHolder.Options.command())) {
                assertEquals(List.of(), again.snapshot().pending(), "found in " + indexDir + ", not indexed again");
                assertEquals(Map.of("a.ndjson.zst", 120L), lines(again.snapshot()));
            }
        }
        try (Stream<Path> inBucket = Files.walk(base.resolve("logs/sidecars"))) {
            assertEquals(1, inBucket.filter(f -> f.toString().endsWith(".idx")).count(),
                    "the remote index directory holds one sidecar");
        }
    }

    /** Waits (at most 30 s) for the catalog to hold {@code count} indexed archives, none pending. */
    private static Map<String, Long> linesOnceIndexed(CatalogHolder catalog, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Long> last = Map.of();
        while (System.nanoTime() < deadline) {
            Catalog snapshot = catalog.awaitIndexed(DAY, DAY.plus(Duration.ofDays(3)), Duration.ofSeconds(5));
            last = lines(snapshot);
            if (snapshot.pending().isEmpty() && last.size() == count) {
                return last;
            }
            Thread.sleep(100);
        }
        return last;
    }

    private static Map<String, Long> lines(Catalog snapshot) {
        Map<String, Long> out = new TreeMap<>();
        snapshot.archives().forEach(a -> out.put(a.archive().name(), a.index().summary().lines()));
        return out;
    }

    /** An archive as another tool writes it (one zstd frame, no sidecar), placed into {@code bucket}. */
    private static void foreign(String bucket, String key, int day, int lines) throws Exception {
        StringBuilder text = new StringBuilder();
        Instant start = DAY.plus(Duration.ofDays(day));
        for (int i = 0; i < lines; i++) {
            text.append("{\"timestamp\":\"").append(start.plusSeconds(60L * i)).append("\",\"level\":\"")
                    .append(i % 5 == 0 ? "ERROR" : "INFO").append("\",\"service\":\"api\",\"message\":\"request ")
                    .append(i).append("\"}\n");
        }
        Path file = base.resolve(bucket).resolve(key);
        Files.createDirectories(file.getParent());
        Path partial = Files.createDirectories(dir.resolve("staging")).resolve(file.getFileName() + ".part");
        Files.write(partial, Zstd.compress(text.toString().getBytes(StandardCharsets.UTF_8), 3));
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
