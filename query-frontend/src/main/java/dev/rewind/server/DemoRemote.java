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
 * @param directory the folder the S3 server serves that bucket from
 * @param before    sample archives of days before this go there; the later ones stay on local disk
 */
public record DemoRemote(StoragePath root, Path directory, LocalDate before) {
}
