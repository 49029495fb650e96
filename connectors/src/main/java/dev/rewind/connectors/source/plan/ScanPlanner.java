package dev.rewind.connectors.source.plan;

import dev.rewind.connectors.archive.format.ArchiveSummary;
import dev.rewind.connectors.archive.format.FrameIndex;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.archive.format.TokenBloom;
import dev.rewind.connectors.filter.RecordFilter.FrameVerdict;
import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.connectors.source.split.ArchiveSplit;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Plans a scan from sidecars alone: an archive outside the time range or without a wanted level is
 * skipped whole; within an archive, a frame is read only when its time range, level counts and
 * bloom filter say it may match; consecutive selected frames form one split, up to
 * {@code maxSplitRawBytes} so that parallel readers share the work, and never across a gap between
 * frames (damaged bytes the sidecar left out, or a skipped frame): a split decodes one contiguous run. Splits are ordered by time
 * (newest first for {@link ScanOrder#DESC}). Every skipped frame is counted with its reason (time,
 * level or token), which the query's plan reports. Bloom filters are asked of {@link Blooms} only
 * for text searches, and only for archives the time and levels leave in. Stateless.
 */
public final class ScanPlanner {
    /** 8 MiB of raw text: a few frames, ~50 ms of decoding; small enough for early termination. */
    public static final long DEFAULT_MAX_SPLIT_RAW_BYTES = 8L << 20;

    /** Where the planner gets an archive's token bloom filters (from its sidecar, usually through a cache). */
    @FunctionalInterface
    public interface Blooms {
        /** Read from each archive's sidecar file every time (no cache): for tools and tests. */
        Blooms FROM_SIDECARS = a -> dev.rewind.connectors.archive.format.ArchiveFiles.readDetails(a.sidecar(), true).blooms();

        /** One per frame, in order; an empty list when the archive has none (every frame may then match). */
        List<TokenBloom> of(IndexedArchive archive) throws IOException;
    }

    private ScanPlanner() {
    }

    public static ScanPlan plan(List<IndexedArchive> archives, RecordFilter filter, ScanOrder order, Blooms blooms)
            throws IOException {
        return plan(archives, filter, order, blooms, DEFAULT_MAX_SPLIT_RAW_BYTES);
    }

    public static ScanPlan plan(List<IndexedArchive> archives, RecordFilter filter, ScanOrder order, Blooms blooms,
                                long maxSplitRawBytes) throws IOException {
        List<ArchiveSplit> splits = new ArrayList<>();
        Map<FrameVerdict, Long> verdicts = new EnumMap<>(FrameVerdict.class);
        int selectedArchives = 0;
        long framesTotal = 0;
        long bytesTotal = 0;
        long bytesToRead = 0;
        long rawToRead = 0;
        boolean text = filter.usesBlooms();
        for (IndexedArchive entry : archives) {
            ArchiveSummary summary = entry.index().summary();
            List<FrameIndex> frames = entry.index().frames();
            framesTotal += frames.size();
            bytesTotal += summary.compressedBytes();
            if (summary.minTimestamp() == null || summary.maxTimestamp().isBefore(filter.from())
                    || summary.minTimestamp().isAfter(filter.to())) {
                verdicts.merge(FrameVerdict.TIME, (long) frames.size(), Long::sum);
                continue;
            }
            if (!filter.levels().isEmpty() && !summary.levels().anyOf(filter.levels())) {
                verdicts.merge(FrameVerdict.LEVEL, (long) frames.size(), Long::sum);
                continue;
            }
            List<TokenBloom> bloomsOf = text && summary.tokensIndexed() ? blooms.of(entry) : List.of();
            int before = splits.size();
            int runStart = -1;
            long runRaw = 0;
            int selectedHere = 0;
            for (int f = 0; f <= frames.size(); f++) {
                boolean selected = false;
                if (f < frames.size()) {
                    FrameVerdict verdict = filter.frameVerdict(frames.get(f),
                            f < bloomsOf.size() ? bloomsOf.get(f) : TokenBloom.ALL);
                    verdicts.merge(verdict, 1L, Long::sum);
                    selected = verdict == FrameVerdict.READ;
                }
                if (selected) {
                    selectedHere++;
                    bytesToRead += frames.get(f).length();
                    rawToRead += frames.get(f).rawLength();
                }
                boolean closeRun = runStart >= 0 && (!selected || runRaw + frames.get(f).rawLength() > maxSplitRawBytes
                        || !adjacent(frames.get(f - 1), frames.get(f)));
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
                // A scan that decodes all of an archive lacking its token index completes it (one split only:
                // the index is built from one reader's pass in file order, which passes over known damage).
                long archiveRaw = frames.stream().mapToLong(FrameIndex::rawLength).sum();
                if (!summary.tokensIndexed() && selectedHere == frames.size() && archiveRaw <= maxSplitRawBytes) {
                    splits.subList(before, splits.size()).clear();
                    splits.add(split(entry, 0, frames.size()).indexingTo(entry.sidecar().toString()));
                }
            }
        }
        Comparator<ArchiveSplit> byTime = order == ScanOrder.DESC
                ? Comparator.comparing(ArchiveSplit::maxTimestamp).reversed().thenComparing(ArchiveSplit::splitId)
                : Comparator.comparing(ArchiveSplit::minTimestamp).thenComparing(ArchiveSplit::splitId);
        splits.sort(byTime);
        return new ScanPlan(splits, archives.size(), selectedArchives, framesTotal,
                verdicts.getOrDefault(FrameVerdict.READ, 0L), verdicts.getOrDefault(FrameVerdict.TIME, 0L),
                verdicts.getOrDefault(FrameVerdict.LEVEL, 0L), verdicts.getOrDefault(FrameVerdict.TOKEN, 0L),
                bytesTotal, bytesToRead, rawToRead);
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
                run.stream().mapToLong(FrameIndex::rawLength).sum(), 0, null, summary.damage(),
                entry.index().identity().length(), entry.index().identity().modifiedMillis());
    }

    /** Whether {@code next} starts where {@code previous} ends in the file: no damaged bytes lie between. */
    private static boolean adjacent(FrameIndex previous, FrameIndex next) {
        return previous.offset() + previous.length() == next.offset();
    }
}
