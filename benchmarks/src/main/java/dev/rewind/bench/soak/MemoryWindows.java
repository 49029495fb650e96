package dev.rewind.bench.soak;

import dev.rewind.bench.harness.Latencies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The server's memory over the soak, cut into windows of equal length from the start of the load:
 * per window the least, median (nearest rank) and largest sample. Whether memory stayed flat is
 * judged window against window: the last one against the second (the first holds start-up:
 * indexing 1,456 archives, the JIT, the caches filling), within {@link #TOLERANCE}; the resident
 * set on its medians, the heap on its least samples, since heap in use under the serial collector
 * is a saw whose median moves with when the samples fell, while its floor is what survived the
 * collections (what a leak would raise). A last window shorter than half a window is left out, so a
 * few samples do not decide.
 */
final class MemoryWindows {
    static final double TOLERANCE = 0.10;

    /**
     * One sample of the server.
     *
     * @param heapMb heap in use as {@code /api/stats} reported it, or NaN when it did not answer
     */
    record Sample(Instant at, double rssMb, double peakRssMb, double heapMb) {
    }

    /** @param n samples in the window */
    record Window(int index, Duration from, Duration to, int n, double rssMin, double rssMedian, double rssMax,
                  double heapMin, double heapMedian, double heapMax) {
    }

    /** @param flat null when not judged (fewer than three windows) */
    record Verdict(Boolean flat, String reason) {
    }

    private MemoryWindows() {
    }

    static List<Window> of(List<Sample> samples, Instant start, Instant end, Duration window) {
        List<Window> out = new ArrayList<>();
        long total = Duration.between(start, end).toMillis();
        int count = (int) Math.ceil(total / (double) window.toMillis());
        for (int i = 0; i < count; i++) {
            Instant from = start.plus(window.multipliedBy(i));
            Instant to = i == count - 1 ? end : from.plus(window);
            if (i > 0 && i == count - 1 && Duration.between(from, to).compareTo(window.dividedBy(2)) < 0) {
                break; // a short tail: too few samples to stand for a window
            }
            List<Sample> in = samples.stream().filter(s -> !s.at().isBefore(from) && s.at().isBefore(to)).toList();
            if (in.isEmpty()) {
                continue;
            }
            double[] rss = in.stream().mapToDouble(Sample::rssMb).toArray();
            double[] heap = in.stream().mapToDouble(Sample::heapMb).filter(h -> !Double.isNaN(h)).toArray();
            Latencies r = new Latencies(rss);
            Latencies h = heap.length == 0 ? null : new Latencies(heap);
            out.add(new Window(i, Duration.between(start, from), Duration.between(start, to), in.size(),
                    r.percentile(0), r.median(), r.max(), h == null ? Double.NaN : h.percentile(0),
                    h == null ? Double.NaN : h.median(), h == null ? Double.NaN : h.max()));
        }
        return out;
    }

    /** Flat when the last window's figure is at most {@link #TOLERANCE} above the second window's. */
    static Verdict flat(List<Window> windows, ToDoubleFunction<Window> figure, String what) {
        if (windows.size() < 3) {
            return new Verdict(null, "not judged: " + windows.size() + " window" + (windows.size() == 1 ? "" : "s")
                    + ", three are needed (the first holds start-up)");
        }
        Window second = windows.get(1);
        Window last = windows.get(windows.size() - 1);
        double a = figure.applyAsDouble(second);
        double b = figure.applyAsDouble(last);
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return new Verdict(null, "not judged: no " + what + " samples in a window");
        }
        double growth = (b - a) / a;
        boolean flat = growth <= TOLERANCE;
        return new Verdict(flat, String.format(Locale.ROOT, "%s %.0f MB in window %d, %.0f MB in window %d (%+.1f%%; "
                + "flat means at most %+.0f%%)", what, a, second.index() + 1, b, last.index() + 1, growth * 100, TOLERANCE * 100));
    }
}
