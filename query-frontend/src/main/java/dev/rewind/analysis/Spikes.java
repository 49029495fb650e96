package dev.rewind.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds spikes in a series of counts: a bucket is a spike when it stands above its recent baseline
 * — the median of the previous {@value #WINDOW} buckets — by more than {@value #MADS} median
 * absolute deviations and by at least half the median again. The MAD is floored at the square root
 * of the median (counts of independent events vary about that much: Poisson) and at 10% of it, so
 * neither a quiet series nor a flat one makes every wobble a spike. Buckets already found to be spikes
 * are left out of later baselines, and median and MAD are used rather than mean and standard
 * deviation, both so that one incident does not hide the next (incidents on consecutive days).
 */
public final class Spikes {
    static final int WINDOW = 7;
    static final double MADS = 5.0;
    static final int MIN_HISTORY = 3;

    private Spikes() {
    }

    /** Indexes of the spikes in {@code counts}. */
    public static List<Integer> find(long[] counts) {
        List<Integer> spikes = new ArrayList<>();
        for (int i = MIN_HISTORY; i < counts.length; i++) {
            long[] window = window(counts, i, spikes);
            if (window.length < MIN_HISTORY) {
                continue;
            }
            double median = median(window);
            double mad = Math.max(Math.max(Math.sqrt(Math.max(1, median)), 0.1 * median),
                    medianAbsoluteDeviation(window, median));
            if (counts[i] > median + MADS * mad && counts[i] >= 1.5 * median) {
                spikes.add(i);
            }
        }
        return spikes;
    }

    /** The baseline the bucket at {@code i} is compared with, given the spikes found. */
    public static double baseline(long[] counts, int i, List<Integer> spikes) {
        return median(window(counts, i, spikes));
    }

    /** Up to {@value #WINDOW} buckets before {@code i} that are not spikes. */
    private static long[] window(long[] counts, int i, List<Integer> spikes) {
        long[] window = new long[WINDOW];
        int n = 0;
        for (int j = i - 1; j >= 0 && n < WINDOW; j--) {
            if (!spikes.contains(j)) {
                window[n++] = counts[j];
            }
        }
        return Arrays.copyOf(window, n);
    }

    static double median(long[] values) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    static double medianAbsoluteDeviation(long[] values, double median) {
        long[] deviations = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.round(Math.abs(values[i] - median));
        }
        return median(deviations);
    }
}
