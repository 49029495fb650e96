package dev.rewind.bench.query;

import dev.rewind.api.WireAnswer;
import dev.rewind.connectors.storage.StorageStats;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What one run of a query cost in storage: its answer's {@code stats.storage} (GETs, remote bytes,
 * bytes the SSD tier served, compressed bytes skipping left unread), and this process's remote
 * counters around the run, which also see requests no reader accounts for.
 */
record IoCost(long gets, long remoteBytes, long ssdHitBytes, long skippedBytes, long processGets, long processBytes,
              long processLists) {

    /** The process's remote counters at one moment. */
    record Counters(long gets, long bytes, long lists) {
        static Counters now() {
            Map<String, Object> remote = StorageStats.remote();
            return new Counters(number(remote, "get_requests"), number(remote, "bytes"), number(remote, "list_requests"));
        }

        private static long number(Map<String, Object> m, String key) {
            return ((Number) m.get(key)).longValue();
        }
    }

    static IoCost of(WireAnswer answer, Counters before, Counters after) {
        WireAnswer.StorageView s = answer.stats() == null ? null : answer.stats().storage();
        if (s == null) {
            throw new IllegalStateException("an answer without stats.storage: " + answer.queryId());
        }
        return new IoCost(s.remoteRequests(), s.remoteBytes(), s.ssdHitBytes(), s.skippedBytes(),
                after.gets() - before.gets(), after.bytes() - before.bytes(), after.lists() - before.lists());
    }

    /** The median of one figure over several runs (they should not vary; the median says so if one did). */
    static long median(List<IoCost> costs, ToLongFunction<IoCost> figure) {
        long[] v = costs.stream().mapToLong(figure).sorted().toArray();
        if (v.length == 0) {
            return 0;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static long min(List<IoCost> costs, ToLongFunction<IoCost> figure) {
        return costs.stream().mapToLong(figure).min().orElse(0);
    }

    static long max(List<IoCost> costs, ToLongFunction<IoCost> figure) {
        return costs.stream().mapToLong(figure).max().orElse(0);
    }
}
