package dev.rewind.connectors.source;

import dev.rewind.connectors.archive.ArchiveSummary;
import dev.rewind.connectors.archive.FrameIndex;
import dev.rewind.connectors.archive.IndexedArchive;
import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.connectors.source.split.ArchiveSplit;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Plans a scan from sidecars alone: an archive outside the time range or without a wanted level is
 * skipped whole; within an archive, a frame is read only when its time range, level counts and
 * bloom filter say it may match; consecutive selected frames form one split, up to
 * {@code maxSplitRawBytes} so that parallel readers share the work. Splits are ordered by time
 * (newest first for {@link ScanOrder#DESC}). Stateless.
 */
public final class ScanPlanner {
    /** 8 MiB of raw text: a few frames, ~50 ms of decoding; small enough for early termination. */
    public static final long DEFAULT_MAX_SPLIT_RAW_BYTES = 8L << 20;

    private ScanPlanner() {
    }

    public static ScanPlan plan(List<IndexedArchive> archives, RecordFilter filter, ScanOrder order) {
        return plan(archives, filter, order, DEFAULT_MAX_SPLIT_RAW_BYTES);
    }

    public static ScanPlan plan(List<IndexedArchive> archives, RecordFilter filter, ScanOrder order,
                                long maxSplitRawBytes) {
        List<ArchiveSplit> splits = new ArrayList<>();
        int selectedArchives = 0;
        long framesTotal = 0;
        long framesSelected = 0;
        long bytesTotal = 0;
        long bytesToRead = 0;
        long rawToRead = 0;
        for (IndexedArchive entry : archives) {
            ArchiveSummary summary = entry.index().summary();
            List<FrameIndex> frames = entry.index().frames();
            framesTotal += frames.size();
            bytesTotal += summary.compressedBytes();
            if (summary.minTimestamp() == null || summary.maxTimestamp().isBefore(filter.from())
                    || summary.minTimestamp().isAfter(filter.to())
                    || (!filter.levels().isEmpty() && !summary.levels().anyOf(filter.levels()))) {
                continue;
            }
            int before = splits.size();
            int runStart = -1;
            long runRaw = 0;
            for (int f = 0; f <= frames.size(); f++) {
                boolean selected = f < frames.size() && filter.frameMayMatch(frames.get(f));
                if (selected) {
                    framesSelected++;
                    bytesToRead += frames.get(f).length();
                    rawToRead += frames.get(f).rawLength();
                }
                boolean closeRun = runStart >= 0 && (!selected || runRaw + frames.get(f).rawLength() > maxSplitRawBytes);
                if (closeRun) {
                    splits.add(split(entry, runStart, f));
                    runStart = -1;
                    runRaw = 0;
                }
                if (selected) {
                    if (runStart < 0) {
                        runStart = f;
                    }
                    runRaw += frames.get(f).rawLength();
                }
            }
            if (splits.size() > before) {
                selectedArchives++;
            }
        }
        Comparator<ArchiveSplit> byTime = order == ScanOrder.DESC
                ? Comparator.comparing(ArchiveSplit::maxTimestamp).reversed().thenComparing(ArchiveSplit::splitId)
                : Comparator.comparing(ArchiveSplit::minTimestamp).thenComparing(ArchiveSplit::splitId);
        splits.sort(byTime);
        return new ScanPlan(splits, archives.size(), selectedArchives, framesTotal, framesSelected, bytesTotal,
                bytesToRead, rawToRead);
    }

    private static ArchiveSplit split(IndexedArchive entry, int from, int to) {
        List<FrameIndex> run = entry.index().frames().subList(from, to);
        FrameIndex first = run.get(0);
        FrameIndex last = run.get(run.size() - 1);
        ArchiveSummary summary = entry.index().summary();
        Instant min = run.stream().map(FrameIndex::minTimestamp).filter(t -> t != null).min(Comparator.naturalOrder())
                .orElse(summary.minTimestamp());
        Instant max = run.stream().map(FrameIndex::maxTimestamp).filter(t -> t != null).max(Comparator.naturalOrder())
                .orElse(summary.maxTimestamp());
        Instant fallback = first.minTimestamp() != null ? first.minTimestamp() : summary.minTimestamp();
        int year = summary.pathDate() != null ? summary.pathDate().getYear() : fallback.atZone(ZoneOffset.UTC).getYear();
        return new ArchiveSplit(entry.archive() + "#" + from + "-" + (to - 1), entry.archive().toString(),
                summary.codec(), summary.format(), year, fallback, from, first.offset(),
                last.offset() + last.length() - first.offset(),
                run.stream().mapToLong(FrameIndex::rawOffset).toArray(), min, max,
                run.stream().mapToLong(FrameIndex::rawLength).sum(), 0);
    }
}
