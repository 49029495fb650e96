package dev.rewind.catalog;

import java.nio.file.Path;

/** Where Rewind keeps what it can rebuild: sidecars of read-only stores, cached answers. */
public final class CacheDirs {
    private CacheDirs() {
    }

    /** {@code -Drewind.cache.dir}, else {@code $XDG_CACHE_HOME/rewind}, else {@code ~/.cache/rewind}. */
    public static Path base() {
        String set = System.getProperty("rewind.cache.dir");
        if (set != null && !set.isBlank()) {
            return Path.of(set);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path root = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return root.resolve("rewind");
    }
}
