package dev.rewind.connectors.source;

import dev.rewind.connectors.source.split.ArchiveSplit;
import java.util.List;

/**
 * Which frames of which archives a query reads, decided from the sidecars before the job starts;
 * what {@code plan} reports in a query's answer.
 *
 * @param bytesToRead compressed bytes of the selected frames (the most the job reads; early
 *                    termination may read fewer)
 */
public record ScanPlan(List<ArchiveSplit> splits, int archivesTotal, int archivesSelected, long framesTotal,
                       long framesSelected, long bytesTotal, long bytesToRead, long rawBytesToRead) {
    public ScanPlan {
        splits = List.copyOf(splits);
    }

    public long framesSkipped() {
        return framesTotal - framesSelected;
    }

    public int archivesSkipped() {
        return archivesTotal - archivesSelected;
    }
}
