package dev.rewind.query.chain;

import dev.rewind.cache.AnswerCache;
import dev.rewind.query.Answer;
import dev.rewind.query.AnswerStats;
import dev.rewind.query.Plan;
import dev.rewind.stats.CacheStats;
import java.util.Optional;

/**
 * The results cache of whole answers: an answer over archives only is fixed for a given catalog
 * version, so it is kept by {@link Fingerprint} (the question and that version) in memory and on
 * disk. Answers that read the live topic are not cached, nor are incomplete ones (archives still
 * being indexed, damaged, a stopped scan): those are computed again next time.
 */
public final class ResultCacheHandler implements QueryHandler {
    private final QueryHandler next;
    private final AnswerCache cache;
    private final CacheStats overall;

    public ResultCacheHandler(QueryHandler next, AnswerCache cache, CacheStats overall) {
        this.next = next;
        this.cache = cache;
        this.overall = overall;
    }

    @Override
    public Answer handle(Query query) throws Exception {
        Route route = query.routed();
        if (route.readsLive()) {
            return next.handle(query);
        }
        boolean counted = query.context().counted();
        String key = Fingerprint.of(query.request().withPage(query.request().pageSize(), null), route.catalog().version());
        Optional<AnswerCache.Found> found = cache.get(key, counted);
        if (found.isPresent()) {
            if (counted) {
                overall.record(1.0);
            }
            Answer a = found.get().answer();
            Plan plan = a.plan() == null ? null : a.plan().plus(Plan.of(Plan.Source.CACHE, 0, 0, route.watermark(), 0));
            return new Answer(query.context().queryId(), a.result(), plan,
                    a.stats().served(AnswerStats.CacheUse.hit(found.get().tier())), a.warnings(), a.complete());
        }
        Answer answer = next.handle(query);
        if (answer.complete() && route.complete()) {
            cache.put(key, answer);
        }
        return answer;
    }

    public AnswerCache cache() {
        return cache;
    }
}
