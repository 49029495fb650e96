package dev.rewind.connectors.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.core.fs.PluginFileSystemFactory;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginManager;

/**
 * The storage of every location in this process: {@link LocalStorage} for local paths; for a
 * remote URI, a {@link FlinkStorage} over the file system Flink's plugin (or classpath) has for its
 * scheme, behind the {@link CachedStorage SSD tier} when one is configured. Process-wide, as
 * Flink's own {@code FileSystem.get} is: the catalog, the indexers and the query job's split
 * readers (which run in this JVM's MiniCluster) all reach a bucket through the same cache.
 *
 * <p>Plugins are loaded into their own class loaders ({@code DefaultPluginManager}): the S3 file
 * systems are fat jars with an old Guava and Jackson of their own, which must never replace ours on
 * the classpath. Their factories are configured with this process's settings and kept here for
 * reading. When two plugins claim a scheme (both S3 plugins register {@code s3://}), one is chosen:
 * presto's for {@code s3://}, whose positional reads are one exact ranged GET each.
 *
 * <p>The same chosen factories are also installed into Flink's own {@code FileSystem} (its
 * {@code FileSystem.get}), which Flink jobs of this process's MiniClusters write through: the
 * streaming archiver writes archives and checkpoints to {@code s3a://} (flink-s3-fs-hadoop, the
 * one S3 file system with a recoverable writer). A Flink cluster's own processes install their
 * plugins themselves. Thread-safe.
 */
public final class Storages {
    private static final Object LOCK = new Object();
    private static volatile StorageSettings settings = StorageSettings.localOnly();
    private static volatile RegionCache cache;
    private static volatile Map<String, FileSystemFactory> factories = Map.of();
    private static final Map<String, Storage> REMOTES = new ConcurrentHashMap<>();

    private Storages() {
    }

    /**
     * Configures remote stores for this process (again: a test's second store), forgetting the
     * file systems and SSD tier made before.
     *
     * @throws IOException when the SSD tier's folder cannot be made
     * @throws IllegalArgumentException when the plugins folder is given but holds no plugin
     */
    public static void configure(StorageSettings s) throws IOException {
        synchronized (LOCK) {
            Secrets.rememberAll(s.flink());
            RegionCache before = cache;
            if (before != null) {
                before.close();
            }
            cache = s.cacheDir() == null || s.cacheBytes() <= 0 ? null
                    : new RegionCache(s.cacheDir(), s.cacheBytes(), s.regionBytes(), s.parallelGets(), s.maxGetBytes());
            factories = loadPlugins(s);
            REMOTES.clear();
            settings = s;
        }
    }

    public static StorageSettings settings() {
        return settings;
    }

    /** The SSD tier, or null when remote reads go straight to the store. */
    public static RegionCache cache() {
        return cache;
    }

    /** The storage of {@code location}. @throws UncheckedIOException naming a scheme no file system serves */
    public static Storage of(StoragePath location) {
        if (location.isLocal()) {
            return LocalStorage.INSTANCE;
        }
        return REMOTES.computeIfAbsent(location.fileSystem(), Storages::remote);
    }

    private static Storage remote(String fileSystem) {
        URI uri = URI.create(fileSystem + "/");
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        FileSystem fs;
        try {
            FileSystemFactory factory = factories.get(scheme);
            fs = factory != null ? factory.create(uri) : FileSystem.get(uri);
        } catch (IOException | RuntimeException e) {
            StorageSettings s = settings;
            String where = s.pluginsDir() == null ? "no plugins folder is configured"
                    : "plugins looked for in " + s.pluginsDir() + " (found: "
                    + (factories.isEmpty() ? "none" : String.join(", ", factories.keySet())) + ")";
            throw new UncheckedIOException(Secrets.safe("no file system for " + fileSystem + " (" + where + ")", e));
        }
        Storage store = new FlinkStorage(fs, Retry.DEFAULT);
        RegionCache tier = cache;
        return tier == null ? store : new CachedStorage(store, tier);
    }

    private static Map<String, FileSystemFactory> loadPlugins(StorageSettings s) throws IOException {
        Configuration conf = Configuration.fromMap(s.flink());
        if (s.pluginsDir() == null || !Files.isDirectory(s.pluginsDir())) {
            FileSystem.initialize(conf, null);
            return Map.of();
        }
        PluginManager plugins = new DefaultPluginManager(new DirectoryBasedPluginFinder(s.pluginsDir()).findPlugins(),
                CoreOptions.getPluginParentFirstLoaderPatterns(conf));
        Map<String, FileSystemFactory> chosen = new TreeMap<>();
        plugins.load(FileSystemFactory.class).forEachRemaining(f -> {
            String scheme = f.getScheme().toLowerCase(java.util.Locale.ROOT);
            FileSystemFactory had = chosen.get(scheme);
            if (had == null || preferred(f) && !preferred(had)) {
                chosen.put(scheme, f);
            }
        });
        FileSystem.initialize(conf, new ChosenPlugins(plugins, List.copyOf(chosen.values())));
        Map<String, FileSystemFactory> found = new ConcurrentHashMap<>();
        chosen.forEach((scheme, f) -> {
            PluginFileSystemFactory factory = PluginFileSystemFactory.of(f);
            factory.configure(conf);
            found.put(scheme, factory);
        });
        return Map.copyOf(found);
    }

    /** Of two plugins claiming one scheme, presto's: {@code s3://} reads are then exact ranged GETs. */
    private static boolean preferred(FileSystemFactory f) {
        return f.getClass().getName().startsWith("org.apache.flink.fs.s3presto.");
    }

    /** The plugins folder as Flink's {@code FileSystem.initialize} sees it: one factory per scheme. */
    private record ChosenPlugins(PluginManager all, List<FileSystemFactory> factories) implements PluginManager {
        @Override
        @SuppressWarnings("unchecked")
        public <P> Iterator<P> load(Class<P> service) {
            return service == FileSystemFactory.class ? (Iterator<P>) factories.iterator() : all.load(service);
        }
    }
}
