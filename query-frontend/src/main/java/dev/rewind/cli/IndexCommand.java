package dev.rewind.cli;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.index.ArchiveIndexer;
import dev.rewind.connectors.archive.format.SidecarException;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.storage.IoCounts;
import dev.rewind.connectors.storage.Secrets;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rewind index}: sidecars for archives other tools wrote, in one streaming pass each.
 * Archives whose sidecar is present and still matches are skipped unless {@code --force}.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Index archives that other tools wrote (gzip, zstd, lz4 or plain), writing sidecar indexes.")
final class IndexCommand implements Callable<Integer> {
    @Option(names = "--index-dir", paramLabel = "DIR|URI",
            description = "write sidecars here instead of beside the archives (for read-only archive stores)")
    String indexDir;

    @Option(names = "--force", description = "re-index archives whose sidecar is current")
    boolean force;

    @Mixin
    FormatOptions format;

    @Mixin
    StorageOptions storage = new StorageOptions();

    @Parameters(arity = "1..*", paramLabel = "DIR|URI", description = "folders (searched recursively), files, "
            + "or URIs such as s3://bucket/prefix")
    List<String> roots;

    @Override
    public Integer call() throws IOException {
        Storages.configure(storage.settings());
        ArchiveIndexer indexer = ArchiveIndexer.writingTo(format.resolve(null),
                indexDir == null ? null : StorageOptions.roots(List.of(indexDir)).get(0));
        List<StoredFile> archives = ArchiveScan.find(StorageOptions.roots(roots));
        long total = archives.stream().mapToLong(StoredFile::length).sum();
        int indexed = 0;
        int current = 0;
        int failed = 0;
        int damaged = 0;
        try (Progress progress = Progress.start("Indexing", total, " MiB", 1 << 20)) {
            long done = 0;
            for (StoredFile archive : archives) {
                long before = done;
                done += archive.length();
                StoragePath sidecar = indexer.sidecarPath(archive.path());
                if (!force && isCurrent(archive, sidecar)) {
                    current++;
                    progress.stepTo(done);
                    continue;
                }
                try {
                    SidecarIndex index = indexer.index(archive, sidecar, n -> progress.stepTo(before + n), IoCounts.IGNORED);
                    indexed++;
                    System.out.printf("%s: %s, %,d lines, %d frames, %s%n", archive.path(), index.summary().codec(),
                            index.summary().lines(), index.frames().size(), index.summary().format().describe());
                    // Indexed with what is readable; every answer touching it will say so too.
                    index.summary().damage().forEach(d -> System.err.println("rewind: " + archive.path() + ": "
                            + d.describe()));
                    damaged += index.summary().damage().isEmpty() ? 0 : 1;
                } catch (IOException e) {
                    // One damaged archive must not stop the others: say which and where, go on.
                    failed++;
                    System.err.println("rewind: " + Secrets.redact(e.getMessage()));
                }
                progress.stepTo(done);
            }
        }
        System.out.printf("indexed %d, already current %d, failed %d%s%n", indexed, current, failed,
                damaged == 0 ? "" : String.format(", damaged %d (what is readable is indexed)", damaged));
        return failed == 0 ? 0 : 1;
    }

    private static boolean isCurrent(StoredFile archive, StoragePath sidecar) {
        try {
            StoredFile found = Storages.of(sidecar).stat(sidecar);
            // a lean sidecar (no token index yet, from a query's or the server's first pass) is completed
            return found != null && ArchiveFiles.readSidecar(archive, found).summary().tokensIndexed();
        } catch (SidecarException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
