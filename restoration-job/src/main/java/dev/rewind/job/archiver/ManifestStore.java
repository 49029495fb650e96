package dev.rewind.job.archiver;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Reads and replaces the manifest on the target's file system. A replacement is atomic for
 * readers: written beside it under a hidden name and renamed over it (a local disk, HDFS), or put
 * whole (object stores, where an object appears complete when its upload ends and a rename is a
 * copy). Used by one committer at a time.
 */
final class ManifestStore {
    /** Reads of a manifest in an object store that may race its replacement. */
    private static final int READS = 5;
    private final ArchiveLayout layout;
    private final FileSystem fs;
    private final Path manifest;

    ManifestStore(ArchiveLayout layout) throws IOException {
        this.layout = layout;
        this.manifest = layout.manifest();
        this.fs = manifest.getFileSystem();
    }

    /** The manifest as it is now; empty for this topic when there is none yet. */
    ArchiveManifest read() throws IOException {
        for (int attempt = 1; ; attempt++) {
            if (!fs.exists(manifest)) {
                return ArchiveManifest.empty(layout.topic());
            }
            byte[] json;
            try (InputStream in = fs.open(manifest)) {
                json = in.readAllBytes();
            } catch (IOException e) {
                // In an object store the manifest may be replaced between the look and the read
                // (s3a then reports the change: the object is no longer the one it looked at);
                // each version is whole, so reading again reads the new one.
                if (attempt >= READS || !objectStore()) {
                    throw e;
                }
                sleep(attempt);
                continue;
            }
            ArchiveManifest m = ArchiveManifest.fromJson(json, manifest.toString());
            if (!m.topic().equals(layout.topic())) {
                throw new IOException(manifest + " belongs to topic '" + m.topic() + "', not '" + layout.topic()
                        + "': archive each topic to a target of its own");
            }
            return m;
        }
    }

    private static void sleep(int attempt) throws IOException {
        try {
            Thread.sleep(20L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted reading the manifest");
        }
    }

    void write(ArchiveManifest m) throws IOException {
        byte[] json = m.toJson();
        if (objectStore()) {
            try (FSDataOutputStream out = fs.create(manifest, FileSystem.WriteMode.OVERWRITE)) {
                out.write(json);
            }
            return;
        }
        Path temp = new Path(manifest.getParent(), "." + ArchiveLayout.MANIFEST + "." + UUID.randomUUID());
        try (FSDataOutputStream out = fs.create(temp, FileSystem.WriteMode.NO_OVERWRITE)) {
            out.write(json);
            out.sync(); // on disk before it replaces the manifest
        }
        if ("file".equals(manifest.toUri().getScheme())) {
            // rename(2) itself: Flink's local rename (Files.move with REPLACE_EXISTING) deletes the
            // manifest first, and a reader in between finds none (an empty manifest, 0 committed)
            java.nio.file.Files.move(java.nio.file.Paths.get(temp.toUri()), java.nio.file.Paths.get(manifest.toUri()),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        if (!fs.rename(temp, manifest)) {
            fs.delete(temp, false);
            throw new IOException("cannot replace " + manifest + " with " + temp);
        }
    }

    private boolean objectStore() {
        String scheme = fs.getUri().getScheme();
        return scheme != null && (scheme.startsWith("s3") || scheme.equals("gs") || scheme.equals("oss")
                || scheme.startsWith("abfs") || scheme.startsWith("wasb"));
    }
}
