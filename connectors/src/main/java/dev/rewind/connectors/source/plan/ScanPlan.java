package dev.rewind.connectors.source.plan;

import dev.rewind.connectors.source.split.ArchiveSplit;
import java.util.List;

/**
 * Which frames of which archives a query reads, decided from the sidecars before the job starts;
 * what {@code plan} reports in a query's answer, with why each skipped frame is skipped.
 *
 * @param skippedByTime  frames outside the time range (whole archives' frames included)
 * @param skippedByLevel frames holding no record of a wanted level
 * @param skippedByToken frames whose token bloom filter rules the text out
 * @param bytesToRead    compressed bytes of the selected frames (the most the job reads; early
 *                       termination may read fewer)
 */
public record ScanPlan(List<ArchiveSplit> splits, int archivesTotal, int archivesSelected, long framesTotal,
                       long framesSelected, long skippedByTime, long skippedByLevel, long skippedByToken,
                       long bytesTotal, long bytesToRead, long rawBytesToRead) {
    public ScanPlan {
        splits = List.copyOf(splits);
    }

    /** A plan that reads nothing (no archive part). */
    public static ScanPlan empty() {
        return new ScanPlan(List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public long framesSkipped() {
        return framesTotal - framesSelected;
    }

    public int archivesSkipped() {
        return archivesTotal - archivesSelected;
    }
}
