package dev.rewind.connectors.archive.read;

import dev.rewind.connectors.archive.format.ArchiveDamage;
import dev.rewind.connectors.archive.format.LineReader;

import dev.rewind.connectors.codec.Damage;
import dev.rewind.connectors.codec.DamageListener;
import dev.rewind.connectors.codec.DamagePolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands between a decoder going past damage and what reads its lines: each damage breaks the
 * line it cut (the {@link LineReader} drops its start), goes on to an indexing pass if one listens,
 * and — unless the sidecar already records it — becomes a warning. A query says each damage of
 * the sidecar once, from the catalog, whatever it reads; a reader adds only what is new (the file
 * changed after it was indexed, say). Not thread-safe.
 */
final class DamageWatch implements DamageListener {
    private final String archive;
    private final List<ArchiveDamage> known;
    private LineReader lines;
    private DamageListener next;
    private final List<String> warnings = new ArrayList<>();

    /** @param known the damage the archive's sidecar records */
    DamageWatch(String archive, List<ArchiveDamage> known) {
        this.archive = archive;
        this.known = List.copyOf(known);
    }

    /** The decoder's policy: go on past damage, skipping the frames known to be damaged. */
    DamagePolicy policy() {
        return DamagePolicy.resync(this, known.stream()
                .map(d -> new Damage(d.offset(), d.resumedAt(), d.reason(), false)).toList());
    }

    /** The reader over the decoder, whose line each damage cuts. */
    void attach(LineReader reader) {
        this.lines = reader;
    }

    /** Where each damage goes next (an indexing pass). */
    void forwardTo(DamageListener listener) {
        this.next = listener;
    }

    @Override
    public void damaged(Damage damage, long rawOffset) {
        if (lines != null) {
            lines.breakLine();
        }
        if (next != null) {
            next.damaged(damage, rawOffset);
        }
        if (known.stream().noneMatch(k -> k.offset() == damage.offset())) {
            warnings.add(archive + ": " + damage.reason() + " at byte offset " + damage.offset()
                    + (damage.resumedAt() < 0 ? "; nothing after it could be read" : "; read again from byte " + damage.resumedAt())
                    + (damage.delivered() ? "; lines already read from that frame may be wrong" : ""));
        }
    }

    /** One per damage met that the sidecar does not record, naming the archive and the byte offset. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    boolean metNewDamage() {
        return !warnings.isEmpty();
    }
}
