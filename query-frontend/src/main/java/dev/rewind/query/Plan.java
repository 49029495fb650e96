package dev.rewind.query;

import java.time.Instant;
import java.util.Set;

/**
 * How a query was answered: where from, which archives and frames it selected and skipped (and
 * why), the bytes it set out to read, and the archive watermark that cut archives from the live
 * topic.
 *
 * @param pendingArchives archives in the range that were not indexed yet when the query ran (the
 *                        answer then says it may be incomplete)
 */
public record Plan(Set<Source> sources, Counts archives, FrameCounts frames, long bytesToScan, int splits,
                   Instant watermark, int pendingArchives) {

    public Plan {
        sources = Set.copyOf(sources);
    }

    /** Where an answer came from. */
    public enum Source {
        /** sidecar pre-aggregates: nothing decompressed */
        METADATA,
        /** the results cache */
        CACHE,
        /** a scan of archives */
        ARCHIVE,
        /** the live topic */
        LIVE
    }

    public record Counts(long total, long selected) {
        public long skipped() {
            return total - selected;
        }

        Counts plus(Counts o) {
            long t = Math.max(total, o.total);
            return new Counts(t, Math.min(t, selected + o.selected));
        }
    }

    /** Frames read, and those skipped by time, by level, and by the token bloom filters. */
    public record FrameCounts(long total, long selected, long byTime, long byLevel, long byToken) {
        public long skipped() {
            return total - selected;
        }

        FrameCounts plus(FrameCounts o) {
            return new FrameCounts(Math.max(total, o.total), selected + o.selected, byTime + o.byTime,
                    byLevel + o.byLevel, byToken + o.byToken);
        }
    }

    /** A plan that read nothing itself (metadata, cache), over a catalog of {@code archives}. */
    public static Plan of(Source source, long archives, long archivesUsed, Instant watermark, int pending) {
        return new Plan(Set.of(source), new Counts(archives, archivesUsed), new FrameCounts(0, 0, 0, 0, 0), 0, 0,
                watermark, pending);
    }

    /** Two parts' plans as one (slices answered by separate jobs, or from metadata and a job). */
    public Plan plus(Plan o) {
        java.util.Set<Source> both = java.util.EnumSet.noneOf(Source.class);
        both.addAll(sources);
        both.addAll(o.sources);
        return new Plan(both, archives.plus(o.archives), frames.plus(o.frames), bytesToScan + o.bytesToScan,
                splits + o.splits, o.watermark, Math.max(pendingArchives, o.pendingArchives));
    }
}
