package dev.rewind.connectors.codec;

import java.util.List;

/**
 * What a decoder does when the bytes are not what its codec says. {@link #STRICT}: it hands out
 * every byte decoded before the damage, then throws a {@link CorruptArchiveException} naming the
 * file and the offset. {@link #resync}: it tells a listener instead and goes on at the next frame
 * that decodes (gzip member, zstd or LZ4 frame: the only places these formats can be entered
 * again), and passes over frames already known to be damaged without decoding them. Either way,
 * a stream whose very first frame is not of its codec, with nothing decodable after it, throws.
 *
 * @param listener null for strict
 * @param known    damage found before (by the indexer, in the sidecar): a frame starting at one's
 *                 {@code offset} is skipped to its {@code resumedAt} (and the listener told again),
 *                 so its content, which decodes to wrong bytes, is never handed out
 */
public record DamagePolicy(DamageListener listener, List<Damage> known) {
    public static final DamagePolicy STRICT = new DamagePolicy(null, List.of());

    public DamagePolicy {
        known = List.copyOf(known);
    }

    public static DamagePolicy resync(DamageListener listener, List<Damage> known) {
        return new DamagePolicy(java.util.Objects.requireNonNull(listener, "listener"), known);
    }

    boolean strict() {
        return listener == null;
    }

    /** The known damage whose lost bytes start at {@code frameStart}, or null. */
    Damage knownAt(long frameStart) {
        for (Damage d : known) { // an archive has a handful at most
            if (d.offset() == frameStart && (d.resumedAt() < 0 || d.resumedAt() > frameStart)) {
                return d;
            }
        }
        return null;
    }
}
