package dev.rewind.connectors.archive.format;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.record.LineFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An archive at a glance: what {@code rewind inspect} prints and the catalog keeps in memory.
 *
 * @param pathDate     the date written in the archive's path ({@code dt=2024-01-31/}), a pruning
 *                     hint; null when there is none
 * @param minTimestamp null when the archive holds no record
 * @param unparsed     lines kept as UNKNOWN records because they did not parse
 * @param frameCount   frames in the archive; more than one means it splits at frame boundaries
 * @param tokensIndexed false when the frames' token bloom filters are not built yet (the first,
 *                     lean indexing pass over a foreign archive leaves them out); a text search
 *                     then reads every frame
 * @param damage       where the archive could not be decoded (empty for a sound archive): what
 *                     lies between a damage and the next intact frame is not in any answer
 */
public record ArchiveSummary(Codec codec, LineFormat format, LocalDate pathDate, Instant minTimestamp,
                             Instant maxTimestamp, long lines, long unparsed, long rawBytes, long compressedBytes,
                             LevelCounts levels, List<String> services, int frameCount,
                             boolean tokensIndexed, List<ArchiveDamage> damage) {

    public ArchiveSummary {
        services = List.copyOf(services);
        damage = List.copyOf(damage);
    }

    /** The same summary with its token bloom filters marked built (or not). */
    public ArchiveSummary withTokensIndexed(boolean built) {
        return new ArchiveSummary(codec, format, pathDate, minTimestamp, maxTimestamp, lines, unparsed, rawBytes,
                compressedBytes, levels, services, frameCount, built, damage);
    }

    public boolean damaged() {
        return !damage.isEmpty();
    }

    /** Compressed size as a share of raw size's inverse: raw / compressed (0 for an empty archive). */
    public double ratio() {
        return compressedBytes == 0 ? 0 : (double) rawBytes / compressedBytes;
    }
}
