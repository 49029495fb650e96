package dev.rewind.query.handler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.github.luben.zstd.Zstd;
import dev.rewind.api.QueryAnswer;
import dev.rewind.stats.TierStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The disk tier of the results cache: answers spilled as zstd-compressed JSON files named by
 * fingerprint, least recently used first out when the byte budget is exceeded. The directory
 * survives restarts: at start the files already there are taken back in their last-use order (file
 * modification time, refreshed on every hit). Thread-safe (one lock; disk reads are small).
 */
public final class DiskResultStore {
    private static final String SUFFIX = ".answer.zst";

    private final Path dir;
    private final long maxBytes;
    private final ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private final LinkedHashMap<String, Long> lru = new LinkedHashMap<>(16, 0.75f, true); // key -> bytes
    private final TierStats stats = new TierStats("disk");
    private long bytes;

    public DiskResultStore(Path dir, long maxBytes) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(SUFFIX))
                    .sorted(Comparator.comparing(DiskResultStore::modified))
                    .forEach(f -> {
                        String name = f.getFileName().toString();
                        long size = size(f);
                        lru.put(name.substring(0, name.length() - SUFFIX.length()), size);
                        bytes += size;
                    });
        }
        stats.bytes(bytes);
    }

    public Path directory() {
        return dir;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public Optional<QueryAnswer> get(String key) {
        return get(key, true);
    }

    /** @param counted false to leave the hit rate alone (prefetch) */
    public synchronized Optional<QueryAnswer> get(String key, boolean counted) {
        Long size = lru.get(key);
        if (size == null) {
            if (counted) {
                stats.miss();
            }
            return Optional.empty();
        }
        Path file = file(key);
        try {
            byte[] compressed = Files.readAllBytes(file);
            byte[] raw = Zstd.decompress(compressed, (int) Zstd.getFrameContentSize(compressed));
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
            if (counted) {
                stats.hit();
            }
            return Optional.of(json.readValue(raw, QueryAnswer.class));
        } catch (IOException | RuntimeException e) {
            remove(key); // damaged or vanished: a miss, and gone
            stats.miss();
            return Optional.empty();
        }
    }

    public synchronized void put(String key, QueryAnswer answer) {
        try {
            byte[] compressed = Zstd.compress(json.writeValueAsBytes(answer), 3);
            Path tmp = dir.resolve(key + SUFFIX + ".partial");
            Files.write(tmp, compressed);
            Files.move(tmp, file(key), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Long old = lru.put(key, (long) compressed.length);
            bytes += compressed.length - (old == null ? 0 : old);
            evict();
            stats.bytes(bytes);
        } catch (IOException e) {
            // the disk tier is an optimisation: a failed spill only costs a future miss
        }
    }

    private void evict() {
        Iterator<Map.Entry<String, Long>> oldest = lru.entrySet().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            Map.Entry<String, Long> e = oldest.next();
            bytes -= e.getValue();
            oldest.remove();
            delete(file(e.getKey()));
            stats.evicted();
        }
    }

    public synchronized void clear() {
        lru.keySet().forEach(k -> delete(file(k)));
        lru.clear();
        bytes = 0;
        stats.bytes(0);
    }

    private void remove(String key) {
        Long size = lru.remove(key);
        if (size != null) {
            bytes -= size;
        }
        delete(file(key));
    }

    public TierStats stats() {
        return stats;
    }

    private Path file(String key) {
        return dir.resolve(key + SUFFIX);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover file is taken back (or evicted) at the next start
        }
    }

    private static long modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }
}
