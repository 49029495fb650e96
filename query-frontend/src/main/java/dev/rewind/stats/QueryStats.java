package dev.rewind.stats;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Query counts and latency percentiles (Micrometer, so {@code /metrics} exposes the same numbers
 * in Prometheus format), and the queries running now. Thread-safe.
 */
public final class QueryStats {
    private final Timer latency;
    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder failed = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    public QueryStats(PrometheusMeterRegistry registry) {
        this.latency = Timer.builder("rewind.query.latency").description("query latency")
                .publishPercentiles(0.5, 0.95, 0.99).publishPercentileHistogram(false).register(registry);
        registry.gauge("rewind.query.active", active);
    }

    public void started() {
        active.incrementAndGet();
    }

    public void finished(long nanos, boolean ok) {
        active.decrementAndGet();
        latency.record(nanos, TimeUnit.NANOSECONDS);
        if (!ok) {
            failed.increment();
        }
    }

    public int activeCount() {
        return active.get();
    }

    public void rejected() {
        rejected.increment();
    }

    /** {@code queries} of {@code GET /api/stats}. */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        HistogramSnapshot snapshot = latency.takeSnapshot();
        view.put("count", snapshot.count());
        view.put("failed", failed.sum());
        view.put("rejected", rejected.sum());
        view.put("active", active.get());
        Map<String, Double> percentiles = new LinkedHashMap<>();
        for (ValueAtPercentile p : snapshot.percentileValues()) {
            percentiles.put("p" + Math.round(p.percentile() * 100), p.value(TimeUnit.MILLISECONDS));
        }
        view.put("latency_ms", percentiles);
        return view;
    }
}
