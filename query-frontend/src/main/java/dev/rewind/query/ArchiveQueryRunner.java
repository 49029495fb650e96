package dev.rewind.query;

import dev.rewind.api.QueryAnswer;
import dev.rewind.api.QueryRequest;
import dev.rewind.catalog.ArchiveCatalog;
import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.record.LineFormat;
import dev.rewind.connectors.source.ScanPlan;
import dev.rewind.connectors.source.ScanPlanner;
import dev.rewind.job.query.LiveInput;
import dev.rewind.job.query.LiveRouting;
import dev.rewind.job.query.QuerySpec;
import dev.rewind.job.runner.QueryCollector;
import dev.rewind.job.runner.QueryEvent;
import dev.rewind.job.runner.QueryExecutor;
import dev.rewind.job.runner.QueryResult;
import dev.rewind.job.runner.RunningQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs one query over the catalog (and the live topic past the watermark) as a Flink job and
 * assembles DESIGN.md's answer, reporting progress as splits finish. Used by {@code rewind query}
 * and, wrapped by the frontend's handlers, by the HTTP API. Thread-safe.
 */
public final class ArchiveQueryRunner {
    /** Where the live topic is, when there is one. */
    public record LiveConfig(String bootstrapServers, String topic, LineFormat format) {
    }

    private final QueryExecutor executor;
    private final Optional<LiveConfig> live;
    private final java.util.concurrent.ConcurrentMap<String, RunningQuery> running =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Queries whose job was stopped because their caller went away (a closed stream), for a little
     * while: a dashboard closes its stream and asks to cancel at the same moment, and whichever the
     * server notices first, the job is stopped.
     */
    private final com.github.benmanes.caffeine.cache.Cache<String, Boolean> stoppedEarly =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(1000)
                    .expireAfterWrite(java.time.Duration.ofMinutes(1)).build();

    /** Stops a running query's Flink job; false when no such query is running (or was just stopped). */
    public boolean cancel(String queryId) {
        RunningQuery query = running.get(queryId);
        if (query == null) {
            return stoppedEarly.getIfPresent(queryId) != null;
        }
        query.cancel();
        return true;
    }

    /** Queries whose Flink job is running now. */
    public int activeJobs() {
        return running.size();
    }

    public ArchiveQueryRunner(QueryExecutor executor, Optional<LiveConfig> live) {
        this.executor = executor;
        this.live = live;
    }

    public QueryAnswer run(QueryRequest request, ArchiveCatalog catalog, Consumer<QueryProgress> progress,
                           Consumer<QueryAnswer.ResultRow> rows) throws Exception {
        String queryId = UUID.randomUUID().toString();
        Map<String, Long> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        progress.accept(new QueryProgress(queryId, null, "selection", 0, 0, 0, 0));
        RecordFilter filter = request.filter();
        Instant watermark = catalog.watermark();
        boolean readArchives = request.sources() != QueryRequest.Sources.LIVE;
        ScanPlan plan = ScanPlanner.plan(readArchives ? catalog.archives() : List.of(), filter, request.order());
        List<String> warnings = new ArrayList<>(catalog.problems());
        Optional<LiveInput> liveInput = Optional.empty();
        List<String> sources = new ArrayList<>();
        if (readArchives) {
            sources.add("archive");
        }
        if (request.sources() != QueryRequest.Sources.ARCHIVE && live.isPresent()) {
            LiveConfig cfg = live.get();
            Instant from = request.sources() == QueryRequest.Sources.LIVE ? request.start().minusNanos(1) : watermark;
            LiveRouting.Decision decision = LiveRouting.decide(cfg.bootstrapServers(), cfg.topic(), cfg.format(), from,
                    request.end(), Duration.ofSeconds(2));
            liveInput = decision.live();
            if (decision.warning() != null) {
                warnings.add(decision.warning());
            }
            liveInput.ifPresent(l -> sources.add("live"));
        }
        long t1 = System.nanoTime();
        timings.put("selection", (t1 - t0) / 1_000_000);

        int limit = request.aggregation().isPresent() ? 1 : request.pageSize() + 1; // one more: is there another page?
        QuerySpec spec = new QuerySpec(filter, request.order(), limit, request.aggregation());
        QueryCollector collector = new QueryCollector(spec, plan.splits().size());
        warnings.forEach(collector::warn);
        String jobId;
        boolean cancelled;
        try (RunningQuery running = executor.start("rewind query " + queryId, plan, spec, liveInput)) {
            jobId = running.jobId();
            this.running.put(queryId, running);
            progress.accept(new QueryProgress(queryId, jobId, "retrieval", 0, plan.splits().size(), 0, 0));
            boolean readAll = false;
            try {
                while (running.hasNext()) {
                    QueryEvent event = running.next();
                    collector.accept(event);
                    if (event instanceof QueryEvent.Row row) {
                        rows.accept(AnswerAssembler.row(row));
                    } else if (event instanceof QueryEvent.SplitFinished) {
                        progress.accept(new QueryProgress(queryId, jobId, "processing", collector.splitsDone(),
                                collector.splitsTotal(), collector.bytesRead(), collector.matched()));
                    }
                }
                readAll = true;
            } finally {
                if (!readAll) {
                    stoppedEarly.put(queryId, true); // closing the query below stops its job
                }
                this.running.remove(queryId);
            }
            cancelled = running.isCancelled();
        }
        QueryResult result = collector.result(cancelled);
        if (cancelled) {
            collector.warn("cancelled: the answer holds what was read before the query was stopped");
            result = collector.result(true);
        }
        long t2 = System.nanoTime();
        timings.put("retrieval_and_processing", (t2 - t1) / 1_000_000);
        progress.accept(new QueryProgress(queryId, jobId, "assembly", result.splitsDone(), result.splitsTotal(),
                result.bytesRead(), result.matched()));

        QueryAnswer.PlanView planView = new QueryAnswer.PlanView(sources,
                new QueryAnswer.Counts(plan.archivesTotal(), plan.archivesSelected(), plan.archivesSkipped()),
                new QueryAnswer.Counts(plan.framesTotal(), plan.framesSelected(), plan.framesSkipped()),
                plan.bytesToRead(), plan.splits().size(), watermark.toString());
        QueryAnswer answer;
        if (request.aggregation().isPresent()) {
            timings.put("assembly", (System.nanoTime() - t2) / 1_000_000);
            answer = new QueryAnswer(queryId, null, null, null,
                    AnswerAssembler.aggregate(request.aggregation().get(), result.aggregates()), planView,
                    stats(result, timings, jobId), result.warnings());
        } else {
            List<QueryAnswer.ResultRow> page = result.rows().stream().limit(request.pageSize())
                    .map(AnswerAssembler::row).toList();
            boolean hasMore = result.rows().size() > request.pageSize();
            timings.put("assembly", (System.nanoTime() - t2) / 1_000_000);
            answer = new QueryAnswer(queryId, page, new QueryAnswer.Page(page.size(), null, hasMore),
                    new QueryAnswer.Total(result.matched(), result.complete()), null, planView,
                    stats(result, timings, jobId), result.warnings());
        }
        progress.accept(new QueryProgress(queryId, jobId, "done", result.splitsDone(), result.splitsTotal(),
                result.bytesRead(), result.matched()));
        return answer;
    }

    private static QueryAnswer.StatsView stats(QueryResult result, Map<String, Long> timings, String jobId) {
        return new QueryAnswer.StatsView(Map.of("hit", false), timings, result.bytesRead(), result.rawBytesRead(),
                result.linesScanned(), result.splitsDone(), result.splitsTotal(), jobId);
    }
}
