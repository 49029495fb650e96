package dev.rewind.connectors.source.enumerator;

import dev.rewind.connectors.source.split.ArchiveSplit;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Rendezvous (highest-random-weight) hashing of archives onto reader locations (Thaler and
 * Ravishankar, 1996): an archive belongs to the location whose hash with the archive's identity is
 * highest. The same archive set over the same locations gives the same owners in every query, in
 * every JVM (the hash is XXH64 with a fixed seed, not {@code hashCode}); a location that joins or
 * leaves moves only the archives it wins or held. That is what keeps an archive's regions in one
 * TaskManager's SSD tier. Stateless and thread-safe.
 */
public final class Rendezvous {
    private static final XXHash64 XXH64 = XXHashFactory.fastestJavaInstance().hash64();
    private static final long SEED = 0x5EED_2E71_4D00L;

    private Rendezvous() {
    }

    /**
     * An archive's identity for ownership: its location and the version read (length and
     * modification time), so a rewritten archive may move, and two splits of one archive never part.
     */
    public static String archiveKey(ArchiveSplit split) {
        return split.archive() + '\n' + split.archiveLength() + '\n' + split.archiveModifiedMillis();
    }

    /**
     * The owner of {@code archiveKey} among {@code locations} (distinct, non-empty); ties, which
     * need equal 64-bit hashes, go to the smaller location name.
     */
    public static String owner(String archiveKey, Collection<String> locations) {
        String best = null;
        long bestWeight = 0;
        for (String location : locations) {
            long weight = weight(archiveKey, location);
            if (best == null || Long.compareUnsigned(weight, bestWeight) > 0
                    || weight == bestWeight && location.compareTo(best) < 0) {
                best = location;
                bestWeight = weight;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no reader location to own " + archiveKey);
        }
        return best;
    }

    static long weight(String archiveKey, String location) {
        byte[] bytes = (archiveKey + '\u0000' + location).getBytes(StandardCharsets.UTF_8);
        return XXH64.hash(bytes, 0, bytes.length, SEED);
    }
}
