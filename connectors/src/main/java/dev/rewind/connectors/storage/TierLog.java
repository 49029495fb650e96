package dev.rewind.connectors.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The moves log of a local archive root, {@code <root>/_rewind/tiered.json}: every file
 * {@code rewind tier} moved to object storage, by its path below the root, with where it went, its
 * length, the remote object's modification time and the XXH64 of its bytes. Tiering writes an entry
 * (the whole log, atomically) after the copy is verified and before the local copy is deleted, so
 * whoever still names the local file finds the copy:
 *
 * <ul>
 *   <li>a reader whose local file is gone ({@link LocalStorage}, {@link #movedCopy}) reads the remote
 *       copy, byte for byte the same, so a query planned on the local copy answers exactly;</li>
 *   <li>the catalog adds the moved archives of a root at its next refresh, without waiting for a
 *       listing of the store (which may not even be one of its roots).</li>
 * </ul>
 *
 * Immutable; reading is cached per log file and version. Only local roots have one.
 */
public final class TierLog {
    /** Rewind's own folder in a root, which catalogs do not list. */
    public static final String DIR = "_rewind";
    /** The log's place below a root. */
    public static final String FILE = DIR + "/tiered.json";
    /** The lock a tiering run holds on its root. */
    public static final String LOCK = DIR + "/tiered.lock";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TierLog EMPTY = new TierLog(Map.of());
    /** Logs read, by file: the version read and what it held. */
    private static final Map<StoragePath, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(String version, TierLog log) {
    }

    /**
     * One file moved.
     *
     * @param path           below the root, with {@code /} between names ({@code dt=2024-01-05/app.log.zst})
     * @param to             the remote copy
     * @param length         bytes, both copies
     * @param modifiedMillis the remote copy's modification time (its version) after the upload
     * @param xxh64          the hash of its bytes, checked on the local copy and on the remote one read back
     */
    public record Move(String path, StoragePath to, long length, long modifiedMillis, long xxh64) {
        /** The remote copy as a listing would name it. */
        public StoredFile remote() {
            return new StoredFile(to, length, modifiedMillis);
        }
    }

    private final Map<String, Move> byPath;

    private TierLog(Map<String, Move> byPath) {
        this.byPath = Map.copyOf(byPath);
    }

    /** Where the log of {@code root} is. */
    public static StoragePath of(StoragePath root) {
        return root.resolve(FILE);
    }

    /**
     * The log of the local folder {@code root}; empty when there is none.
     *
     * @throws IOException naming the log when it cannot be read or parsed
     */
    public static TierLog read(StoragePath root) throws IOException {
        StoragePath file = of(root);
        StoredFile stored = LocalStorage.INSTANCE.stat(file);
        if (stored == null) {
            return EMPTY;
        }
        Cached had = CACHE.get(file);
        if (had != null && had.version().equals(stored.version())) {
            return had.log();
        }
        TierLog log;
        try (InputStream in = LocalStorage.INSTANCE.open(file)) {
            log = parse(JSON.readTree(in), file);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": the tier moves log cannot be read: " + e.getMessage(), e);
        }
        CACHE.put(file, new Cached(stored.version(), log));
        return log;
    }

    private static TierLog parse(JsonNode root, StoragePath file) throws IOException {
        if (root == null || root.path("version").asInt() != 1 || !root.path("moves").isArray()) {
            throw new IOException("expected {\"version\":1,\"moves\":[…]}");
        }
        Map<String, Move> moves = new TreeMap<>();
        for (JsonNode m : root.get("moves")) {
            String path = m.path("path").asText("");
            String to = m.path("to").asText("");
            if (path.isEmpty() || to.isEmpty() || !m.path("length").canConvertToLong()) {
                throw new IOException("a move without path, to or length: " + m);
            }
            moves.put(path, new Move(path, StoragePath.of(to), m.get("length").asLong(), m.path("modified").asLong(0),
                    Long.parseUnsignedLong(m.path("xxh64").asText("0"), 16)));
        }
        return new TierLog(moves);
    }

    /**
     * Where the local file {@code local} went, when tiering moved it and its copy has the length
     * asked for; null otherwise (not moved, not local, or another version). Looks for the log in
     * each folder above the file: only asked when a local file is missing, so the cost is a few
     * stats on an error path.
     */
    public static StoredFile movedCopy(StoragePath local, long length) {
        if (!local.isLocal()) {
            return null;
        }
        Path file = local.toLocalPath().toAbsolutePath().normalize();
        for (Path dir = file.getParent(); dir != null; dir = dir.getParent()) {
            StoragePath root = StoragePath.of(dir);
            try {
                TierLog log = read(root);
                Move move = log.find(dir.relativize(file).toString().replace('\\', '/'));
                if (move != null) {
                    return length < 0 || move.length() == length ? move.remote() : null;
                }
            } catch (IOException e) {
                return null; // an unreadable log: the file is missing, as the caller says
            }
        }
        return null;
    }

    /** The move of the file at {@code relative} below the root, or null. */
    public Move find(String relative) {
        return byPath.get(relative);
    }

    public Collection<Move> moves() {
        return byPath.values();
    }

    public boolean isEmpty() {
        return byPath.isEmpty();
    }

    /** This log with {@code move} recorded (replacing an earlier move of the same path). */
    public TierLog with(Move move) {
        Map<String, Move> next = new TreeMap<>(byPath);
        next.put(move.path(), move);
        return new TierLog(next);
    }

    /** Writes this log as the log of {@code root}, replacing the one there whole (readers see one or the other). */
    public void writeTo(StoragePath root) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.put("version", 1);
        ArrayNode list = out.putArray("moves");
        new TreeMap<>(byPath).values().forEach(m -> list.addObject()
                .put("path", m.path())
                .put("to", m.to().toString())
                .put("length", m.length())
                .put("modified", m.modifiedMillis())
                .put("xxh64", String.format("%016x", m.xxh64())));
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(out);
        LocalStorage.INSTANCE.write(of(root), o -> o.write(bytes));
    }
}
