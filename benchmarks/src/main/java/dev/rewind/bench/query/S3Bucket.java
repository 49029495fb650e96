package dev.rewind.bench.query;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sample's day folders (archives and their sidecars, byte for byte) as objects of a bucket in
 * an S3Proxy filesystem store: {@code store/BUCKET/PREFIX/dt=YYYY-MM-DD/...}. Copied once and kept;
 * a marker beside the store, written last, says the copy is complete.
 *
 * @param store   S3Proxy's base folder (each folder in it is a bucket)
 * @param objects files in the bucket under the prefix
 * @param bytes   their total size: the "whole bucket" a query's remote bytes are a share of
 */
record S3Bucket(Path store, String bucket, String prefix, int objects, long bytes) {
    static final String BUCKET = "rewind-bench";

    static S3Bucket fill(SampleArchives data, Path store, PrintStream log) throws IOException {
        String prefix = data.dir().getFileName().toString();
        Path target = store.resolve(BUCKET).resolve(prefix);
        Path marker = store.resolveSibling(store.getFileName() + "." + prefix + ".complete");
        List<Path> files = dayFiles(data.dir());
        if (!Files.exists(marker)) {
            log.printf("Copying %d files of the sample into the bucket folder %s%n", files.size(), target);
            dev.rewind.bench.harness.Directories.deleteTree(target);
            for (Path f : files) {
                Path to = target.resolve(data.dir().relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
            }
            Files.writeString(marker, files.size() + " files\n", StandardCharsets.UTF_8);
        }
        List<Path> copied = dayFiles(target);
        if (copied.size() != files.size()) {
            throw new IOException(target + " holds " + copied.size() + " files, the sample " + files.size()
                    + "; delete " + marker + " to copy again");
        }
        long bytes = 0;
        for (Path f : copied) {
            bytes += Files.size(f);
        }
        return new S3Bucket(store, BUCKET, prefix, copied.size(), bytes);
    }

    /** What a catalog finds: the files of the {@code dt=} folders (not the generator's ground truth). */
    private static List<Path> dayFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile)
                    .filter(f -> f.getParent().getFileName().toString().startsWith("dt="))
                    .sorted().toList();
        }
    }

    /** The root a query names: {@code s3://BUCKET/PREFIX}. */
    String root() {
        return "s3://" + bucket + "/" + prefix;
    }
}
