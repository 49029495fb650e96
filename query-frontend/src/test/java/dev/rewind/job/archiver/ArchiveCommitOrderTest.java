package dev.rewind.job.archiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.catalog.SidecarPlacement;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.StorageSettings;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.server.EmbeddedS3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The archiver's commit of one archive, driven directly, with the real catalog looking at the
 * target: the archive is committed first and its sidecar last, and at the moment between the two
 * the catalog lists neither (nor queues the archive to index it as a foreign one); once the commit
 * is done it lists the archive with its sidecar. A commit that fails at any step (the job killed
 * there) and is repeated with the same committable after the restart completes the pair and counts
 * it once; repeated once more, it changes nothing. In a local folder, and in a bucket written
 * through {@code s3a://} (Hadoop's S3 file system) and read by the catalog as {@code s3://}
 * (presto's): the two name the same objects.
 *
 * <p>(In the archiver's package, from this module: the committer is package-private, the catalog
 * lives here.)
 */
class ArchiveCommitOrderTest {
    private static final Instant T = Instant.parse("2024-03-01T10:00:00Z");
    private static final int LINES = 500;

    @TempDir
    Path dir;

    enum Target { FOLDER, BUCKET }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Target t : Target.values()) {
            all.add(Arguments.of(t, null));
            for (ArchiveCommitter.Step step : ArchiveCommitter.Step.values()) {
                all.add(Arguments.of(t, step));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, killed after {1}")
    @MethodSource("cases")
    void archiveFirstSidecarLastNeitherSeenBetweenAndRepeatable(Target to, ArchiveCommitter.Step killedAfter)
            throws Exception {
        EmbeddedS3 s3 = null;
        try {
            String targetUri;
            StoragePath catalogRoot;
            StoragePath readAs;
            if (to == Target.BUCKET) {
                Files.createDirectories(dir.resolve("s3/logs"));
                s3 = EmbeddedS3.start(dir.resolve("s3"), "127.0.0.1", 0, "order-access", "order-secret");
                Storages.configure(new StorageSettings(s3.flinkConfig(), Path.of("target/plugins"), null, 0,
                        StorageSettings.DEFAULT_REGION_BYTES, StorageSettings.DEFAULT_PARALLEL_GETS,
                        StorageSettings.DEFAULT_MAX_GET_BYTES));
                targetUri = "s3a://logs/live";
                catalogRoot = StoragePath.of("s3://logs");
                readAs = StoragePath.of("s3://logs/live");
            } else {
                Files.createDirectories(dir.resolve("roots/live"));
                targetUri = dir.resolve("roots/live").toString();
                catalogRoot = StoragePath.of(dir.resolve("roots"));
                readAs = StoragePath.of(dir.resolve("roots/live"));
            }
            ArchiveLayout layout = ArchiverJob.builder().bootstrapServers("h:1").topic("logs").target(targetUri)
                    .rollInterval(Duration.ofMinutes(1)).build().layout();
            ArchivePart part = part(layout);
            String relative = layout.relative(new org.apache.flink.core.fs.Path(part.archive()));
            StoragePath archive = readAs.resolve(relative);
            assertTrue(archive.name().endsWith(ArchiveLayout.ARCHIVE_SUFFIX), archive.toString());

            try (CatalogHolder catalog = CatalogHolder.open(List.of(catalogRoot),
                    new SidecarPlacement(dir.resolve("index")), CatalogHolder.Options.command())) {
                AtomicBoolean between = new AtomicBoolean();
                AtomicLong announcedSequence = new AtomicLong(-1);
                ArchiveCommitter.Observer look = (step, p) -> {
                    if (step == ArchiveCommitter.Step.ARCHIVE_COMMITTED) {
                        assertTrue(exists(p.archive()), "the archive is committed first");
                        assertFalse(exists(p.sidecar()), "its sidecar last");
                        assertListed(catalog, List.of(), "between the archive's commit and its sidecar's");
                        announcedSequence.set(new ManifestStore(layout).read().sequence());
                        between.set(true);
                    }
                    if (step == killedAfter) {
                        throw new IOException("killed after " + step);
                    }
                };
                Request first = new Request(part);
                if (killedAfter == null) {
                    committer(layout, look).commit(List.of(first));
                } else {
                    IOException killed = assertThrows(IOException.class, () -> committer(layout, look).commit(List.of(first)));
                    assertEquals("killed after " + killedAfter, killed.getMessage());
                    assertListed(catalog, List.of(), "after a commit killed after " + killedAfter);
                    assertEquals(List.of(relative), new ManifestStore(layout).read().pending(), "still announced");
                    // the restarted job's committer, with the committable of the restored checkpoint
                    Request again = new Request(part);
                    committer(layout, ArchiveCommitter.Observer.NONE).commit(List.of(again));
                    assertFalse(again.alreadyCommitted, "the restart's commit completed the pair; it counts");
                }
                assertTrue(between.get() || killedAfter == ArchiveCommitter.Step.ANNOUNCED, "the moment between was seen");
                assertTrue(exists(part.archive()) && exists(part.sidecar()));
                assertListed(catalog, List.of(archive), "after the commit");
                assertCountedOnce(layout, part);
                assertTrue(new ManifestStore(layout).read().sequence() > announcedSequence.get(),
                        "the commit's manifest has a sequence of its own: a reader that saw the announcement sees a change");

                Request repeated = new Request(part); // a restart from a checkpoint whose commit had completed
                committer(layout, ArchiveCommitter.Observer.NONE).commit(List.of(repeated));
                assertTrue(repeated.alreadyCommitted, "found committed");
                assertCountedOnce(layout, part);
                assertListed(catalog, List.of(archive), "after the repeated commit");
            }
        } finally {
            if (s3 != null) {
                s3.close();
                Storages.configure(StorageSettings.localOnly());
            }
        }
    }

    /** A real archive of {@code LINES} lines of partition 0, written and closed, not yet visible. */
    private static ArchivePart part(ArchiveLayout layout) throws IOException {
        OpenPart open = OpenPart.open(layout, ArchiveSink.recoverableWriter(layout), layout.windowOf(T.toEpochMilli()), 0, 16 * 1024);
        for (int i = 0; i < LINES; i++) {
            Instant t = T.plusMillis(i * 10L);
            open.write(new ArchiveLine(("{\"timestamp\":\"" + t + "\",\"level\":\"INFO\",\"id\":\"l" + i + "\",\"message\":\"m "
                    + i + "\"}").getBytes(StandardCharsets.UTF_8), t.toEpochMilli(), 0, i));
        }
        ArchivePart part = open.close();
        assertFalse(exists(part.archive()) || exists(part.sidecar()), "closed, not visible");
        return part;
    }

    private static ArchiveCommitter committer(ArchiveLayout layout, ArchiveCommitter.Observer observer) throws IOException {
        return new ArchiveCommitter(layout, new ArchiverMetrics.Commits(new UnregisteredMetricsGroup()),
                observer);
    }

    private static void assertCountedOnce(ArchiveLayout layout, ArchivePart part) throws IOException {
        ArchiveManifest m = new ManifestStore(layout).read();
        assertEquals(List.of(), m.pending());
        assertEquals(LINES, m.linesCommitted(), "the lines counted once");
        assertEquals(1, m.archivesCommitted(), "the archive counted once");
        assertEquals(Map.of(0, (long) LINES), m.nextOffsets());
    }

    /** What the catalog lists as archives, and queues to index, once it has looked again. */
    private static void assertListed(CatalogHolder catalog, List<StoragePath> expected, String when) throws IOException {
        catalog.refresh();
        Catalog c = catalog.snapshot();
        assertEquals(expected, c.archives().stream().map(IndexedArchive::archive).sorted().toList(), "listed " + when);
        assertTrue(c.pending().isEmpty(), "nothing queued to index " + when + ": " + c.pending());
        assertTrue(c.failed().isEmpty() && c.duplicates().isEmpty(), "nothing else taken for an archive " + when + ": "
                + c.failed() + c.duplicates());
    }

    private static boolean exists(String uri) throws IOException {
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(uri);
        FileSystem fs = path.getFileSystem();
        return fs.exists(path);
    }

    /** A commit request as Flink hands one to the committer. */
    private static final class Request implements Committer.CommitRequest<ArchivePart> {
        private final ArchivePart part;
        boolean alreadyCommitted;

        Request(ArchivePart part) {
            this.part = part;
        }

        @Override
        public ArchivePart getCommittable() {
            return part;
        }

        @Override
        public int getNumberOfRetries() {
            return 0;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            throw new AssertionError("commit failed", t);
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            throw new AssertionError("commit failed", t);
        }

        @Override
        public void retryLater() {
            throw new AssertionError("a retry asked for");
        }

        @Override
        public void updateAndRetryLater(ArchivePart committable) {
            throw new AssertionError("a retry asked for");
        }

        @Override
        public void signalAlreadyCommitted() {
            alreadyCommitted = true;
        }
    }
}
