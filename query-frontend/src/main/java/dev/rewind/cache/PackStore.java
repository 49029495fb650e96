package dev.rewind.cache;

import com.github.luben.zstd.Zstd;
import dev.rewind.query.Answer;
import dev.rewind.stats.TierStats;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The disk tier of cached answers: answers stored together are one file (a pack), so the day
 * slices of one question cost one file, not one per day. The budget counts what the files take on
 * disk (whole 4 KiB blocks) and how many there are; the least recently used pack goes first.
 * The folder survives restarts: at start the packs there are taken back (in their last-use order,
 * from their modification times) and partial files a killed process left are deleted. Clearing
 * forgets everything at once and then deletes the files, saying how many it could and could not.
 * Thread-safe.
 */
public final class PackStore {
    private static final byte[] MAGIC = {'R', 'W', 'P', 'K'};
    private static final int VERSION = 1;
    private static final String SUFFIX = ".pack";
    private static final long BLOCK = 4096;

    private final Path dir;
    private final long maxBytes;
    private final int maxFiles;
    private final TierStats stats;
    /** key -> where its answer is. Guarded by {@code this}. */
    private final Map<String, Ref> index = new HashMap<>();
    /** pack -> its live keys and size on disk, least recently used first. Guarded by {@code this}. */
    private final LinkedHashMap<String, Pack> packs = new LinkedHashMap<>(16, 0.75f, true);
    private long bytesOnDisk;

    private record Ref(String pack, long offset, int length) {
    }

    private static final class Pack {
        final Set<String> keys;
        final long diskBytes;

        Pack(Set<String> keys, long diskBytes) {
            this.keys = keys;
            this.diskBytes = diskBytes;
        }
    }

    /** What clearing did: files deleted, bytes they took on disk, and files that could not be deleted. */
    public record ClearReport(int filesRemoved, long bytesRemoved, int filesFailed, String firstFailure) {
        public ClearReport plus(ClearReport o) {
            return new ClearReport(filesRemoved + o.filesRemoved, bytesRemoved + o.bytesRemoved,
                    filesFailed + o.filesFailed, firstFailure != null ? firstFailure : o.firstFailure);
        }
    }

    public PackStore(Path dir, String tier, long maxBytes, int maxFiles) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        this.stats = new TierStats(tier);
        Files.createDirectories(dir);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(found::add);
        }
        found.sort(Comparator.comparingLong(PackStore::modified));
        for (Path f : found) {
            String name = f.getFileName().toString();
            if (name.endsWith(".partial")) {
                Files.deleteIfExists(f); // a write a killed process left half done
            } else if (name.endsWith(SUFFIX)) {
                takeBack(f, name.substring(0, name.length() - SUFFIX.length()));
            }
        }
        evict();
        stats.bytes(bytesOnDisk);
    }

    private void takeBack(Path file, String pack) {
        try (InputStream in = Files.newInputStream(file)) {
            Map<String, Ref> refs = readHeader(new DataInputStream(in), pack);
            Set<String> keys = new HashSet<>();
            for (Map.Entry<String, Ref> e : refs.entrySet()) {
                Ref old = index.put(e.getKey(), e.getValue());
                if (old != null) {
                    packs.get(old.pack()).keys.remove(e.getKey()); // the newer pack's answer wins
                }
                keys.add(e.getKey());
            }
            long disk = onDisk(Files.size(file));
            packs.put(pack, new Pack(keys, disk));
            bytesOnDisk += disk;
        } catch (IOException | RuntimeException e) {
            delete(file); // unreadable: a miss later, and gone now
        }
    }

    /** The answer stored under {@code key}, when there is one. */
    public Optional<Answer> get(String key, boolean counted) {
        Ref ref;
        synchronized (this) {
            ref = index.get(key);
            if (ref != null) {
                packs.get(ref.pack()); // touch: most recently used now
            }
        }
        if (ref == null) {
            if (counted) {
                stats.miss();
            }
            return Optional.empty();
        }
        Path file = file(ref.pack());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(ref.length());
            while (buffer.hasRemaining() && channel.read(buffer, ref.offset() + buffer.position()) >= 0) {
                // positional reads until the entry is whole
            }
            byte[] compressed = buffer.array();
            Answer answer = AnswerCodec.decode(Zstd.decompress(compressed, (int) Zstd.getFrameContentSize(compressed)));
            if (counted) {
                stats.hit();
            }
            return Optional.of(answer);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                removePack(ref.pack()); // damaged or vanished: a miss, and gone
            }
            if (counted) {
                stats.miss();
            }
            return Optional.empty();
        }
    }

    /** Stores these answers together, as one file. */
    public void put(Map<String, Answer> answers) {
        if (answers.isEmpty()) {
            return;
        }
        String pack = UUID.randomUUID().toString();
        try {
            List<String> keys = new ArrayList<>(answers.keySet());
            List<byte[]> bodies = new ArrayList<>(keys.size());
            for (String k : keys) {
                bodies.add(Zstd.compress(AnswerCodec.encode(answers.get(k)), 3));
            }
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(header);
            h.write(MAGIC);
            h.writeByte(VERSION);
            h.writeInt(keys.size());
            long headerLength = 4 + 1 + 4;
            for (String k : keys) {
                headerLength += 2 + k.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 8 + 4;
            }
            long offset = headerLength;
            Map<String, Ref> refs = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                h.writeUTF(keys.get(i));
                h.writeLong(offset);
                h.writeInt(bodies.get(i).length);
                refs.put(keys.get(i), new Ref(pack, offset, bodies.get(i).length));
                offset += bodies.get(i).length;
            }
            Path partial = dir.resolve(pack + SUFFIX + ".partial");
            try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(partial), 64 * 1024)) {
                header.writeTo(out);
                for (byte[] b : bodies) {
                    out.write(b);
                }
            }
            Files.move(partial, file(pack), StandardCopyOption.ATOMIC_MOVE);
            long disk = onDisk(offset);
            synchronized (this) {
                for (Map.Entry<String, Ref> e : refs.entrySet()) {
                    Ref old = index.put(e.getKey(), e.getValue());
                    if (old != null) {
                        dropKey(old.pack(), e.getKey());
                    }
                }
                packs.put(pack, new Pack(new HashSet<>(refs.keySet()), disk));
                bytesOnDisk += disk;
                evict();
                stats.bytes(bytesOnDisk);
            }
        } catch (IOException | RuntimeException e) {
            delete(dir.resolve(pack + SUFFIX + ".partial")); // the disk tier is an optimisation: a failed write costs a miss
        }
    }

    /** A key now stored elsewhere: its old pack goes when nothing in it is wanted any more. */
    private void dropKey(String pack, String key) {
        Pack p = packs.get(pack);
        if (p != null) {
            p.keys.remove(key);
            if (p.keys.isEmpty()) {
                removePack(pack);
            }
        }
    }

    private void evict() {
        Iterator<Map.Entry<String, Pack>> oldest = packs.entrySet().iterator();
        while ((bytesOnDisk > maxBytes || packs.size() > maxFiles) && oldest.hasNext()) {
            Map.Entry<String, Pack> e = oldest.next();
            oldest.remove();
            forget(e.getKey(), e.getValue());
            stats.evicted();
        }
    }

    private void removePack(String pack) {
        Pack p = packs.remove(pack);
        if (p != null) {
            forget(pack, p);
        }
    }

    private void forget(String pack, Pack p) {
        for (String k : p.keys) {
            Ref ref = index.get(k);
            if (ref != null && ref.pack().equals(pack)) {
                index.remove(k);
            }
        }
        bytesOnDisk -= p.diskBytes;
        delete(file(pack));
        stats.bytes(bytesOnDisk);
    }

    /** Forgets every answer at once, then deletes the files; says what it removed and what it could not. */
    public ClearReport clear() {
        Map<String, Pack> all;
        synchronized (this) {
            all = new LinkedHashMap<>(packs);
            packs.clear();
            index.clear();
            bytesOnDisk = 0;
            stats.bytes(0);
        }
        int removed = 0;
        int failed = 0;
        long bytes = 0;
        String firstFailure = null;
        for (Map.Entry<String, Pack> e : all.entrySet()) {
            try {
                Files.deleteIfExists(file(e.getKey()));
                removed++;
                bytes += e.getValue().diskBytes;
            } catch (IOException ex) {
                failed++;
                firstFailure = firstFailure != null ? firstFailure : file(e.getKey()) + ": " + ex;
            }
        }
        return new ClearReport(removed, bytes, failed, firstFailure);
    }

    private static Map<String, Ref> readHeader(DataInputStream in, String pack) throws IOException {
        byte[] magic = new byte[4];
        in.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC) || in.readUnsignedByte() != VERSION) {
            throw new IOException("not a pack of this version");
        }
        int n = in.readInt();
        Map<String, Ref> refs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            refs.put(in.readUTF(), new Ref(pack, in.readLong(), in.readInt()));
        }
        return refs;
    }

    public synchronized long bytesOnDisk() {
        return bytesOnDisk;
    }

    public synchronized int files() {
        return packs.size();
    }

    public synchronized int entries() {
        return index.size();
    }

    public TierStats stats() {
        return stats;
    }

    public Path directory() {
        return dir;
    }

    private Path file(String pack) {
        return dir.resolve(pack + SUFFIX);
    }

    private static long onDisk(long size) {
        return Math.max(BLOCK, (size + BLOCK - 1) / BLOCK * BLOCK);
    }

    private static long modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // left behind: taken back, or evicted, at the next start
        }
    }
}
