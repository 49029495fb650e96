package dev.rewind.query.chain;

import dev.rewind.query.Answer;

/**
 * One layer of the query path, as a middleware of Loki's query frontend: it answers a query or
 * passes it, changed or not, to the next layer. {@link dev.rewind.query.QueryEngine} assembles the
 * chain, the same for the HTTP server and the command line:
 *
 * <ol>
 *   <li>{@link LimitsHandler}: the range and page within the configured limits, the deadline set;</li>
 *   <li>{@link RouteHandler}: one catalog snapshot; archives, the live topic, or both, decided once;
 *       waits a little for archives of the range still being indexed; what is missing, said;</li>
 *   <li>{@link PagingHandler}: records a window at a time, pages by signed cursor;</li>
 *   <li>{@link ResultCacheHandler}: whole archive answers, memory then disk;</li>
 *   <li>{@link MetadataHandler}: counts and trends over whole hours from the sidecars' pre-aggregates;</li>
 *   <li>{@link SliceSplitHandler}: the archive range cut into aligned slices and their answers merged,
 *       over {@link SliceCacheLayer} (each slice's answer kept by its own fingerprint) and
 *       {@link SliceRunLayer} (the missing slices computed, a job per run of them);</li>
 *   <li>{@link RunHandler}: what cannot be sliced (the live topic, patterns): plan, Flink job, collect.</li>
 * </ol>
 * Each layer is small and testable alone with a fake next layer. Implementations are thread-safe.
 */
@FunctionalInterface
public interface QueryHandler {
    Answer handle(Query query) throws Exception;
}
