package dev.rewind.bench.api;

import java.util.Arrays;

/** Request latencies in milliseconds: nearest-rank percentiles over every sample (no histogram binning). */
record Latencies(double[] millis) {
    Latencies {
        millis = millis.clone();
        Arrays.sort(millis);
    }

    double percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * millis.length);
        return millis[Math.max(0, Math.min(millis.length - 1, rank - 1))];
    }

    double median() {
        return percentile(50);
    }

    double max() {
        return millis[millis.length - 1];
    }

    int count() {
        return millis.length;
    }
}
