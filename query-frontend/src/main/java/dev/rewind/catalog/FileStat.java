package dev.rewind.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file's length and modification time: what the catalog compares at each refresh to notice a
 * changed archive or sidecar without reading it.
 */
public record FileStat(long size, long modifiedMillis) {

    /** @return null when the file does not exist (or vanished while looked at) */
    public static FileStat of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStat(a.size(), a.lastModifiedTime().toMillis());
        } catch (IOException e) {
            return null;
        }
    }
}
