package dev.rewind.connectors.storage;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The SSD tier: remote objects' bytes kept on local disk in fixed-size regions, the way
 * Elasticsearch's shared cache keeps searchable-snapshot blobs. A region is the
 * {@code regionSize} bytes at {@code index × regionSize} of one version of one object, in a file of
 * its own: a 12-byte header (magic, length, CRC-32C of the bytes) and the bytes.
 *
 * <ul>
 * <li><b>Budget and eviction</b>: regions are weighed by their bytes; past the budget, Caffeine's
 *     W-TinyLFU evicts — by how often a region was asked for, not only how recently, so a
 *     six-month scan passing once does not push out the days asked about every hour.</li>
 * <li><b>Checksums</b>: every read of a region checks its CRC-32C first; a damaged file (a bad
 *     disk, a torn write, a person's editor) is dropped, counted and fetched again — never
 *     served.</li>
 * <li><b>One fetch per region</b>: the first reader to want a missing region owns its fetch; every
 *     other reader waits for the same future (single flight).</li>
 * <li><b>Coalesced, parallel GETs</b>: a reader's missing regions that follow each other are
 *     fetched by one ranged GET (up to {@code maxGetBytes}), on at most {@code parallelGets}
 *     threads.</li>
 * <li><b>Restarts</b>: the files are the cache; a new process finds them (by name) and serves them.</li>
 * </ul>
 *
 * A region holds whole regions only: a frame read asks for its exact extent, which the regions
 * it touches cover (the most one read over-fetches is one region at each end). Thread-safe.
 */
public final class RegionCache implements AutoCloseable {
    static final int HEADER = 12;
    private static final int MAGIC = 0x52575231; // "RWR1"
    private static final Pattern NAME = Pattern.compile("([0-9a-f]{16})-(\\d+)-([0-9a-f]+)\\.rgn");
    private static final AtomicLong NONCE = new AtomicLong(System.nanoTime());

    private final Path dir;
    private final int regionSize;
    private final long budget;
    private final int maxGetRegions;
    private final AsyncCache<Key, Region> regions;
    private final ExecutorService fetchers;

    /** A region of one version of one object. */
    record Key(long object, int index) {
    }

    /** A region on disk: its file, how many bytes it holds, and their CRC-32C. */
    record Region(Path file, int length, int crc) {
    }

    /**
     * @param budgetBytes  the most bytes the regions may hold on disk
     * @param regionSize   bytes per region
     * @param parallelGets GETs in flight at most, for all readers together
     * @param maxGetBytes  the longest one GET (the buffer it needs in memory)
     */
    public RegionCache(Path dir, long budgetBytes, int regionSize, int parallelGets, int maxGetBytes) throws IOException {
        if (regionSize < 4096) {
            throw new IllegalArgumentException("region size must be at least 4 KiB, not " + regionSize);
        }
        if (budgetBytes < 4L * regionSize) {
            throw new IllegalArgumentException("the disk cache of remote bytes needs room for a few regions: at least "
                    + (4L * regionSize >> 20) + " MiB, not " + budgetBytes + " bytes");
        }
        this.dir = dir;
        this.regionSize = regionSize;
        this.budget = budgetBytes;
        this.maxGetRegions = Math.max(1, maxGetBytes / regionSize);
        Files.createDirectories(dir);
        this.regions = Caffeine.newBuilder()
                .maximumWeight(budgetBytes)
                .weigher((Key k, Region r) -> r.length() + HEADER)
                .executor(Runnable::run)
                .removalListener((Key k, Region r, RemovalCause cause) -> {
                    if (r != null) {
                        deleteQuietly(r.file());
                    }
                    if (cause.wasEvicted()) {
                        StorageStats.SSD_EVICTIONS.incrementAndGet();
                    }
                })
                .buildAsync();
        this.fetchers = Executors.newFixedThreadPool(Math.max(1, parallelGets), r -> {
            Thread t = new Thread(r, "remote-fetch");
            t.setDaemon(true);
            return t;
        });
        reload();
    }

    /** The regions a previous process left: each file found by its name, its header read (its bytes are checked when read). */
    private void reload() throws IOException {
        Map<Key, Path> newest = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".partial")) {
                    deleteQuietly(file);
                    continue;
                }
                Matcher m = NAME.matcher(name);
                if (!m.matches()) {
                    continue;
                }
                Key key = new Key(Long.parseUnsignedLong(m.group(1), 16), Integer.parseInt(m.group(2)));
                Path before = newest.put(key, file);
                if (before != null) { // two writes of one region: keep the later
                    Path older = Files.getLastModifiedTime(before).compareTo(Files.getLastModifiedTime(file)) < 0
                            ? before : file;
                    newest.put(key, older == before ? file : before);
                    deleteQuietly(older);
                }
            }
        }
        for (Map.Entry<Key, Path> e : newest.entrySet()) {
            Region region = header(e.getValue());
            if (region == null) {
                deleteQuietly(e.getValue());
            } else {
                regions.put(e.getKey(), CompletableFuture.completedFuture(region));
            }
        }
    }

    private static Region header(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(HEADER);
            while (head.hasRemaining() && channel.read(head) >= 0) {
                // until the header is read or the file ends
            }
            head.flip();
            if (head.remaining() < HEADER || head.getInt() != MAGIC) {
                return null;
            }
            int length = head.getInt();
            int crc = head.getInt();
            return length >= 0 && channel.size() == HEADER + (long) length ? new Region(file, length, crc) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The key of one version of one object: its location, length and time, hashed. */
    static long objectKey(StoredFile file) {
        byte[] text = (file.path().canonical() + "@" + file.version()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return XXHashFactory.fastestInstance().hash64().hash(text, 0, text.length, 0x5252_4547L);
    }

    int regionSize() {
        return regionSize;
    }

    /** A reader's claim on a region: the future of its bytes, and whether this reader must fetch them. */
    record Claim(Key key, CompletableFuture<Region> future, boolean owned) {
    }

    /** Claims region {@code index} of an object: the cached one, one being fetched, or a new one this caller fetches. */
    Claim claim(long object, int index) {
        Key key = new Key(object, index);
        CompletableFuture<Region> mine = new CompletableFuture<>();
        CompletableFuture<Region> existing = regions.asMap().putIfAbsent(key, mine);
        if (existing == null) {
            StorageStats.SSD_MISSES.incrementAndGet();
            return new Claim(key, mine, true);
        }
        StorageStats.SSD_HITS.incrementAndGet();
        return new Claim(key, existing, false);
    }

    /**
     * Fetches the owned claims (regions of {@code file}, in ascending order) with as few GETs as
     * the budget of one GET allows, in the background: consecutive regions share a GET. Each
     * claim's future completes with its region, or with the GET's failure.
     */
    void fetch(Storage remote, StoredFile file, List<Claim> owned, IoCounts counts) {
        List<Claim> run = new ArrayList<>();
        for (Claim c : owned) {
            if (!run.isEmpty() && (c.key().index() != run.get(run.size() - 1).key().index() + 1
                    || run.size() >= maxGetRegions)) {
                submit(remote, file, run, counts);
                run = new ArrayList<>();
            }
            run.add(c);
        }
        if (!run.isEmpty()) {
            submit(remote, file, run, counts);
        }
    }

    private void submit(Storage remote, StoredFile file, List<Claim> run, IoCounts counts) {
        try {
            fetchers.execute(() -> fetchRun(remote, file, run, counts));
        } catch (RuntimeException rejected) { // closed
            run.forEach(c -> fail(c, rejected));
        }
    }

    private void fetchRun(Storage remote, StoredFile file, List<Claim> run, IoCounts counts) {
        long start = (long) run.get(0).key().index() * regionSize;
        long end = Math.min((long) (run.get(run.size() - 1).key().index() + 1) * regionSize, file.length());
        try {
            if (end <= start) {
                throw new java.io.EOFException(file.path() + ": region past the end of the object ("
                        + file.length() + " bytes)");
            }
            byte[] data = new byte[(int) (end - start)];
            int n = remote.readAt(file, start, data, 0, data.length, counts);
            if (n < data.length) {
                throw new java.io.EOFException(file.path() + " is shorter than when it was listed (" + file.length()
                        + " bytes): it changed; the catalog will notice at its next refresh");
            }
            StorageStats.SSD_MISS_BYTES.addAndGet(n);
            for (Claim c : run) {
                int from = (int) ((long) c.key().index() * regionSize - start);
                int len = (int) Math.min(regionSize, data.length - from);
                c.future().complete(write(c.key(), data, from, len));
            }
        } catch (Throwable t) {
            run.forEach(c -> fail(c, t));
        }
    }

    private void fail(Claim c, Throwable t) {
        if (!c.future().isDone()) {
            c.future().completeExceptionally(t); // Caffeine drops a failed future: the next reader fetches again
        }
    }

    private Region write(Key key, byte[] data, int off, int len) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(data, off, len);
        int sum = (int) crc.getValue();
        String name = String.format("%016x-%d-%x.rgn", key.object(), key.index(), NONCE.incrementAndGet());
        Path file = dir.resolve(name);
        Path partial = dir.resolve(name + ".partial");
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer head = ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(len).putInt(sum).flip();
            ByteBuffer body = ByteBuffer.wrap(data, off, len);
            while (head.hasRemaining() || body.hasRemaining()) {
                out.write(new ByteBuffer[] {head, body});
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(partial);
            throw e;
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        return new Region(file, len, sum);
    }

    /** A region's file held something other than what was written: it is not served. */
    static final class DamagedRegion extends IOException {
        DamagedRegion(String message) {
            super(message);
        }
    }

    /**
     * Reads region {@code r} into {@code target} (at least its length long) after checking it.
     *
     * @throws DamagedRegion when its header or CRC-32C does not match what was written
     * @throws NoSuchFileException when it was evicted meanwhile
     */
    void readInto(Region r, byte[] target) throws IOException {
        try (FileChannel channel = FileChannel.open(r.file(), StandardOpenOption.READ)) {
            if (channel.size() != HEADER + (long) r.length()) {
                throw new DamagedRegion(r.file() + ": " + channel.size() + " bytes, expected " + (HEADER + r.length()));
            }
            ByteBuffer head = ByteBuffer.allocate(HEADER);
            ByteBuffer body = ByteBuffer.wrap(target, 0, r.length());
            while (head.hasRemaining() || body.hasRemaining()) {
                if (channel.read(new ByteBuffer[] {head, body}) < 0) {
                    break;
                }
            }
            head.flip();
            CRC32C crc = new CRC32C();
            crc.update(target, 0, body.position());
            if (head.getInt() != MAGIC || head.getInt() != r.length() || head.getInt() != r.crc()
                    || body.hasRemaining() || (int) crc.getValue() != r.crc()) {
                throw new DamagedRegion(r.file() + ": checksum mismatch");
            }
        }
    }

    /** Drops {@code region} of {@code key} (damaged, or evicted under a reader), so the next claim fetches it again. */
    void drop(Key key, Region region, boolean damaged) {
        if (damaged) {
            StorageStats.SSD_DAMAGED.incrementAndGet();
        }
        regions.synchronous().asMap().remove(key, region);
        if (damaged) {
            deleteQuietly(region.file());
        }
    }

    /** Bytes held now. */
    public long bytes() {
        return regions.synchronous().policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    public long regions() {
        return regions.synchronous().estimatedSize();
    }

    public long budget() {
        return budget;
    }

    /** Bytes held of one version of one object (what the archive list shows as its cached share). */
    public long bytesOf(StoredFile file) {
        long object = objectKey(file);
        long total = 0;
        int last = (int) ((file.length() + regionSize - 1) / regionSize);
        for (int i = 0; i < last; i++) {
            // Quietly: looking at the cache for the dashboard must not make a region look popular.
            Region r = regions.synchronous().policy().getIfPresentQuietly(new Key(object, i));
            if (r != null) {
                total += r.length();
            }
        }
        return total;
    }

    /** Empties the tier: every region file deleted. */
    public void clear() {
        regions.synchronous().invalidateAll();
    }

    /** Deletes a region's file; one that cannot be deleted is left for the next start to find (and check). */
    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(RegionCache.class).warn("cannot delete cached region {}: {}", file, e.toString());
        }
    }

    @Override
    public void close() {
        fetchers.shutdownNow();
    }
}
