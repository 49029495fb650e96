package dev.rewind.server;

import dev.rewind.connectors.storage.StoragePath;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * The demo's object-storage tier: an embedded S3-compatible server whose filesystem store keeps
 * the older sample months, so the demo shows archives on local disk, on object storage and, once
 * read, in the SSD tier.
 *
 * @param root      the bucket (or prefix) as Rewind reads it: {@code s3://rewind-demo}
 * @param directory the folder the S3 server serves that bucket from (made before archives are tiered
 *                  into it: the bucket must exist)
 * @param before    sample archives whose lines are all before this day go there (moved by
 *                  {@link dev.rewind.tier.Tiering}); the later ones stay on local disk
 */
public record DemoRemote(StoragePath root, Path directory, LocalDate before) {
}
