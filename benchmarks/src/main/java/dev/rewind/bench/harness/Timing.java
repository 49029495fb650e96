package dev.rewind.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The wall times of the measured runs of one action, warm-up excluded. The median is what tables
 * report: one slow run (a page-cache miss, a GC, another build on the machine) moves it least.
 */
public record Timing(List<Duration> runs) {

    public Timing {
        if (runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException("a timing needs at least one run");
        }
        runs = List.copyOf(runs);
    }

    /** The middle run; for an even count, the mean of the two middle runs. */
    public Duration median() {
        List<Duration> sorted = sorted();
        int n = sorted.size();
        if (n % 2 == 1) {
            return sorted.get(n / 2);
        }
        return sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
    }

    public Duration min() {
        return Collections.min(runs);
    }

    public Duration max() {
        return Collections.max(runs);
    }

    /** Throughput of {@code bytes} per median run, in MB (10^6 bytes) per second. */
    public double megabytesPerSecond(long bytes) {
        return rate(bytes, median());
    }

    /** Throughput of the fastest run. */
    public double bestMegabytesPerSecond(long bytes) {
        return rate(bytes, min());
    }

    /** Throughput of the slowest run. */
    public double worstMegabytesPerSecond(long bytes) {
        return rate(bytes, max());
    }

    private static double rate(long bytes, Duration time) {
        double seconds = time.toNanos() / 1e9;
        return seconds == 0 ? Double.POSITIVE_INFINITY : bytes / 1e6 / seconds;
    }

    private List<Duration> sorted() {
        List<Duration> copy = new ArrayList<>(runs);
        Collections.sort(copy);
        return copy;
    }
}
