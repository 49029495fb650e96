package dev.rewind.cli;

import dev.rewind.catalog.CacheDirs;
import dev.rewind.connectors.storage.StorageSettings;
import dev.rewind.connectors.storage.StoragePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import picocli.CommandLine.Option;

/**
 * What every command shares to reach archives that are not on the local disk: Flink configuration
 * ({@code $FLINK_CONF_DIR/config.yaml}, then {@code -Dkey=value} as {@code flink run -D} takes it,
 * then {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} where no S3 key was given), the
 * Flink plugins folder (the S3 file system is a plugin), and the SSD tier for remote bytes.
 */
final class StorageOptions {
    /** The SSD tier's default budget on disk. */
    static final long DEFAULT_SSD_MB = 2048;

    @picocli.CommandLine.Mixin
    FlinkConfOptions flink = new FlinkConfOptions();

    @Option(names = "--ssd-cache-dir", paramLabel = "DIR", description = "the disk cache of remote archives' bytes "
            + "(default: under the user's cache dir)")
    Path ssdCacheDir;

    @Option(names = "--ssd-cache-mb", paramLabel = "MB", description = "its budget on disk (default ${DEFAULT-VALUE}; "
            + "0 reads remote archives without it)")
    long ssdCacheMb = DEFAULT_SSD_MB;

    /** The storage settings of this command. */
    StorageSettings settings() {
        if (ssdCacheMb < 0) {
            throw new dev.rewind.query.BadRequestException("--ssd-cache-mb", "must be 0 or more");
        }
        Map<String, String> conf = flinkConf(flink);
        Path cacheDir = ssdCacheMb == 0 ? null : ssdCacheDir != null ? ssdCacheDir : CacheDirs.base().resolve("remote");
        return new StorageSettings(conf, pluginsDir(), cacheDir, ssdCacheMb << 20, StorageSettings.DEFAULT_REGION_BYTES,
                StorageSettings.DEFAULT_PARALLEL_GETS, StorageSettings.DEFAULT_MAX_GET_BYTES);
    }

    /** The settings of a command that writes to remote stores and reads nothing back: no SSD tier. */
    static StorageSettings forWriting(FlinkConfOptions flink) {
        return new StorageSettings(flinkConf(flink), pluginsDir(), null, 0, StorageSettings.DEFAULT_REGION_BYTES,
                StorageSettings.DEFAULT_PARALLEL_GETS, StorageSettings.DEFAULT_MAX_GET_BYTES);
    }

    private static Map<String, String> flinkConf(FlinkConfOptions flink) {
        Map<String, String> conf = new LinkedHashMap<>(fromConfDir());
        flink.values.forEach((k, v) -> {
            if (k == null || k.isBlank()) {
                throw new dev.rewind.query.BadRequestException("-D", "expected -Dkey=value");
            }
            conf.put(k.trim(), v == null ? "" : v.trim());
        });
        fallback(conf, "s3.access-key", "AWS_ACCESS_KEY_ID");
        fallback(conf, "s3.secret-key", "AWS_SECRET_ACCESS_KEY");
        return conf;
    }

    private static void fallback(Map<String, String> conf, String key, String variable) {
        String value = System.getenv(variable);
        if (!conf.containsKey(key) && value != null && !value.isBlank()) {
            conf.put(key, value);
        }
    }

    /** {@code $FLINK_CONF_DIR/config.yaml}, as Flink reads it; nothing when the variable is unset. */
    private static Map<String, String> fromConfDir() {
        String dir = System.getenv("FLINK_CONF_DIR");
        if (dir == null || dir.isBlank() || !Files.isDirectory(Path.of(dir))) {
            return Map.of();
        }
        Configuration conf = GlobalConfiguration.loadConfiguration(dir);
        return conf.toMap();
    }

    /**
     * Flink's plugins folder: {@code -Drewind.plugins.dir} (a JVM property), else
     * {@code $FLINK_PLUGINS_DIR}, else {@code plugins/} beside the jar ({@code query-frontend/target},
     * where the build puts the S3 file systems: {@code s3-fs-presto} for reading, {@code s3-fs-hadoop}
     * for the archiver's {@code s3a://} writes).
     */
    static Path pluginsDir() {
        String set = System.getProperty("rewind.plugins.dir");
        if (set == null || set.isBlank()) {
            set = System.getenv("FLINK_PLUGINS_DIR");
        }
        if (set != null && !set.isBlank()) {
            return Path.of(set);
        }
        try {
            Path code = Path.of(StorageOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent().resolve("plugins");
        } catch (Exception e) {
            return null;
        }
    }

    /** Archive roots as typed: local paths or URIs. */
    static List<StoragePath> roots(List<String> typed) {
        List<StoragePath> out = new ArrayList<>();
        for (String root : typed) {
            try {
                out.add(StoragePath.of(root));
            } catch (IllegalArgumentException e) {
                throw new dev.rewind.query.BadRequestException("--archives", e.getMessage());
            }
        }
        return out;
    }
}
