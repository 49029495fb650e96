package dev.rewind.query.chain;

import dev.rewind.connectors.record.LineHash;
import dev.rewind.query.QueryRequest;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A query's identity for caching and cursors: everything that changes its answer (range, filters,
 * order, sources, aggregate), normalised (sets sorted), without the page size or cursor, plus the
 * version of the archives it reads, so a changed archive never serves a stale answer.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static String of(QueryRequest r, String catalogVersion) {
        String canonical = String.join("|", r.start().toString(), r.end().toString(), new TreeSet<>(r.levelNames()).toString(),
                new TreeSet<>(r.services()).toString(), new TreeSet<>(r.hosts()).toString(), String.valueOf(r.text()),
                String.valueOf(r.regex()), new TreeMap<>(r.fields()).toString(), r.order().name(), r.sources().name(),
                String.valueOf(r.aggregation().orElse(null)), catalogVersion);
        return String.format("%016x", LineHash.of(canonical));
    }
}
