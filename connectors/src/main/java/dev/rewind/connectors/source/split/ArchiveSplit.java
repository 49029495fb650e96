package dev.rewind.connectors.source.split;

import dev.rewind.connectors.archive.format.ArchiveDamage;
import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.record.LineFormat;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * A decompression-aware split: a run of consecutive frames of one archive (a whole single-frame
 * archive is one run). Carries everything a reader needs to decode it without the sidecar.
 *
 * @param archive         the archive's location: a local path or a URI
 * @param year            year for year-less timestamps in this archive
 * @param fallback        time of lines before the first timestamped one
 * @param offset          file offset of the first frame (a frame boundary: decoding starts here)
 * @param length          compressed bytes of the run
 * @param frameRawOffsets raw offset of each frame of the run, for the frame number of each record
 * @param rawBytes        decoded bytes of the run
 * @param recordsToSkip   matching records already emitted before a checkpoint (0 for a fresh split)
 * @param indexTo         where to write the archive's full sidecar from this read, or null: set
 *                        when the split is the whole archive and its sidecar lacks the token
 *                        index, so the scan completes it without a second read
 * @param knownDamage     the damage the archive's sidecar records: the query reports it (once, from
 *                        the catalog), so the reader does not warn of it again; only damage it is
 *                        the first to meet is its warning. A split never spans damage (its frames
 *                        are contiguous); it may end where damage starts, or, read whole to index
 *                        the archive, pass over it
 * @param archiveLength   the archive's length when it was planned, -1 when unknown
 * @param archiveModifiedMillis its modification time then: with the length, the version whose
 *                        bytes are read (and cached, for a remote archive)
 */
public record ArchiveSplit(String splitId, String archive, Codec codec, LineFormat format, int year, Instant fallback,
                           int firstFrame, long offset, long length, long[] frameRawOffsets, Instant minTimestamp,
                           Instant maxTimestamp, long rawBytes, long recordsToSkip, String indexTo,
                           List<ArchiveDamage> knownDamage, long archiveLength, long archiveModifiedMillis)
        implements SourceSplit, java.io.Serializable {

    public ArchiveSplit {
        knownDamage = List.copyOf(knownDamage);
    }

    /** A split of an archive whose version is not known (found out when it is read). */
    public ArchiveSplit(String splitId, String archive, Codec codec, LineFormat format, int year, Instant fallback,
                        int firstFrame, long offset, long length, long[] frameRawOffsets, Instant minTimestamp,
                        Instant maxTimestamp, long rawBytes, long recordsToSkip, String indexTo,
                        List<ArchiveDamage> knownDamage) {
        this(splitId, archive, codec, format, year, fallback, firstFrame, offset, length, frameRawOffsets, minTimestamp,
                maxTimestamp, rawBytes, recordsToSkip, indexTo, knownDamage, -1, 0);
    }

    /** The same split, writing the archive's full sidecar to {@code sidecar} from its read. */
    public ArchiveSplit indexingTo(String sidecar) {
        return new ArchiveSplit(splitId, archive, codec, format, year, fallback, firstFrame, offset, length,
                frameRawOffsets, minTimestamp, maxTimestamp, rawBytes, recordsToSkip, sidecar, knownDamage,
                archiveLength, archiveModifiedMillis);
    }

    public int frameCount() {
        return frameRawOffsets.length;
    }

    /** The same split, resuming after {@code emitted} matching records. */
    public ArchiveSplit resumingAfter(long emitted) {
        return new ArchiveSplit(splitId, archive, codec, format, year, fallback, firstFrame, offset, length,
                frameRawOffsets, minTimestamp, maxTimestamp, rawBytes, emitted, null, // a resumed read indexes nothing
                knownDamage, archiveLength, archiveModifiedMillis);
    }
}
