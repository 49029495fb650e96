package dev.rewind.connectors.codec;

import dev.rewind.connectors.storage.IoCounts;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The compression of an archive. Detected by magic bytes, never by file name alone: a {@code .log}
 * that is really gzip, or a {@code .gz} that was never compressed, are common in real buckets.
 */
public enum Codec {
    GZIP("gz"), ZSTD("zst"), LZ4("lz4"), PLAIN("");

    private final String extension;

    Codec(String extension) {
        this.extension = extension;
    }

    /** File name extension without the dot; empty for plain text. */
    public String extension() {
        return extension;
    }

    /** The codec whose magic starts {@code head}: gzip 1f 8b, zstd 28 b5 2f fd, LZ4 frame 04 22 4d 18, else plain. */
    public static Codec detect(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            return GZIP;
        }
        if (length >= 4 && (head[0] & 0xFF) == 0x28 && (head[1] & 0xFF) == 0xB5
                && (head[2] & 0xFF) == 0x2F && (head[3] & 0xFF) == 0xFD) {
            return ZSTD;
        }
        if (length >= 4 && (head[0] & 0xFF) == 0x04 && (head[1] & 0xFF) == 0x22
                && (head[2] & 0xFF) == 0x4D && (head[3] & 0xFF) == 0x18) {
            return LZ4;
        }
        // A zstd or LZ4 file may open with a skippable frame (magic 0x184D2A5?, little-endian).
        if (length >= 4 && (head[0] & 0xF0) == 0x50 && (head[1] & 0xFF) == 0x2A
                && (head[2] & 0xFF) == 0x4D && (head[3] & 0xFF) == 0x18) {
            return ZSTD;
        }
        return PLAIN;
    }

    /** The codec of a local file. */
    public static Codec detect(Path file) throws IOException {
        StoragePath p = StoragePath.of(file);
        StoredFile stored = Storages.of(p).stat(p);
        if (stored == null) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        return detect(stored);
    }

    /** The codec of a file wherever it is stored: its first four bytes (one small ranged read). */
    public static Codec detect(StoredFile file) throws IOException {
        byte[] head = new byte[4];
        int n = Storages.of(file.path()).readAt(file, 0, head, 0, (int) Math.min(4, file.length()), IoCounts.IGNORED);
        return detect(head, n);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Codec parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "gzip", "gz" -> GZIP;
            case "zstd", "zst" -> ZSTD;
            case "lz4" -> LZ4;
            case "plain", "none", "text" -> PLAIN;
            default -> throw new IllegalArgumentException("unknown codec '" + name + "'; expected gzip, zstd, lz4 or plain");
        };
    }
}
