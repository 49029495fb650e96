package dev.rewind.bench.harness;

import java.util.Arrays;

/** Request latencies in milliseconds: nearest-rank percentiles over every sample (no histogram binning). */
public record Latencies(double[] millis) {
    public Latencies {
        millis = millis.clone();
        Arrays.sort(millis);
    }

    public double percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * millis.length);
        return millis[Math.max(0, Math.min(millis.length - 1, rank - 1))];
    }

    public double median() {
        return percentile(50);
    }

    public double max() {
        return millis[millis.length - 1];
    }

    public int count() {
        return millis.length;
    }
}
