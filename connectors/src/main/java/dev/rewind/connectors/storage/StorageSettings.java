package dev.rewind.connectors.storage;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * How this process reaches remote stores: Flink's configuration (the {@code s3.*} keys and any
 * other file system's), where Flink's file system plugins are, and the SSD tier in front of remote
 * stores. {@link #toString()} never shows a credential.
 *
 * @param flink       Flink configuration keys and values ({@code config.yaml}, then {@code -D}, then
 *                    the AWS variables of the environment where no key was given)
 * @param pluginsDir  Flink's plugins folder ({@code <dir>/<plugin>/*.jar}), or null for none
 * @param cacheDir    the SSD tier's folder, or null to read remote stores without it
 * @param cacheBytes  the SSD tier's budget on disk
 * @param regionBytes bytes per cached region
 * @param parallelGets GETs in flight at most
 * @param maxGetBytes the longest one GET
 */
public record StorageSettings(Map<String, String> flink, Path pluginsDir, Path cacheDir, long cacheBytes,
                              int regionBytes, int parallelGets, int maxGetBytes) {
    public static final int DEFAULT_REGION_BYTES = 256 * 1024;
    public static final int DEFAULT_PARALLEL_GETS = 4;
    public static final int DEFAULT_MAX_GET_BYTES = 4 << 20;

    public StorageSettings {
        flink = Map.copyOf(flink);
    }

    /** Local files only: no plugin, no SSD tier (what a process that was never configured has). */
    public static StorageSettings localOnly() {
        return new StorageSettings(Map.of(), null, null, 0, DEFAULT_REGION_BYTES, DEFAULT_PARALLEL_GETS,
                DEFAULT_MAX_GET_BYTES);
    }

    /** The heap the SSD tier's GETs need at most: every GET in flight with its buffer. */
    public long fetchMemory() {
        return cacheDir == null ? 0 : (long) parallelGets * maxGetBytes;
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        flink.forEach((k, v) -> shown.put(k, Secrets.isSecretKey(k) ? "****" : v));
        return "StorageSettings[flink=" + shown + ", pluginsDir=" + pluginsDir + ", cacheDir=" + cacheDir
                + ", cacheBytes=" + cacheBytes + ", regionBytes=" + regionBytes + ", parallelGets=" + parallelGets
                + ", maxGetBytes=" + maxGetBytes + "]";
    }
}
