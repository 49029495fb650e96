package dev.rewind.query.run;

import dev.rewind.catalog.DetailsCache;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.source.plan.ScanPlan;
import dev.rewind.connectors.source.plan.ScanPlanner;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.job.query.QuerySpec;
import dev.rewind.job.runner.QueryCollector;
import dev.rewind.job.runner.QueryEvent;
import dev.rewind.job.runner.QueryResult;
import dev.rewind.job.runner.RunningQuery;
import dev.rewind.query.Answer;
import dev.rewind.query.AnswerStats;
import dev.rewind.query.LimitExceededException;
import dev.rewind.query.Plan;
import dev.rewind.query.QueryLimits;
import dev.rewind.query.QueryProgress;
import dev.rewind.query.QueryRequest;
import dev.rewind.query.Result;
import dev.rewind.query.Row;
import dev.rewind.query.SortOrder;
import dev.rewind.query.chain.QueryContext;
import dev.rewind.query.chain.Route;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one question as a bounded Flink job and assembles its answer: plans the splits from the
 * route's catalog (bloom filters from the details cache, for text searches), refuses a plan
 * beyond the bytes limit, takes a job slot, starts the job (retrying what fails only because the
 * cluster was not ready), folds its events (records de-duplicated and bounded in bytes,
 * aggregates merged), and stops it when the query is cancelled or its deadline passes — answering
 * what was read, marked incomplete. Thread-safe.
 */
public final class ScanJob {
    private final Jobs jobs;
    private final DetailsCache details;
    private final QueryLimits limits;
    private final JobGate gate;
    private final long maxRowBytes;

    /** @param maxRowBytes the most one answer's records may weigh in memory (its share of the memory budget) */
    public ScanJob(Jobs jobs, DetailsCache details, QueryLimits limits, JobGate gate, long maxRowBytes) {
        this.jobs = jobs;
        this.details = details;
        this.limits = limits;
        this.gate = gate;
        this.maxRowBytes = maxRowBytes;
    }

    public JobGate gate() {
        return gate;
    }

    /**
     * Answers {@code request} over the route's archives (and its live part when {@code withLive}).
     * The answer's warnings are what the job found (damaged frames met while reading, a cut page, a
     * stop); the route's own are the route layer's to add.
     */
    public Answer run(QueryRequest request, Route route, QueryContext context, boolean withLive) throws Exception {
        String queryId = context.queryId();
        Map<String, Long> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        context.listener().progress(new QueryProgress(queryId, null, "selection", 0, 0, 0, 0));
        RecordFilter filter = request.filter();
        ScanOrder order = request.order() == SortOrder.ASC ? ScanOrder.ASC : ScanOrder.DESC;
        List<IndexedArchive> archives = route.readsArchives()
                ? route.catalog().archivesIn(request.start(), request.end()) : List.of();
        ScanPlan plan = ScanPlanner.plan(archives, filter, order, details::blooms);
        if (plan.bytesToRead() > limits.maxBytes()) {
            throw new LimitExceededException("end_time", String.format("this query would read %,d bytes of compressed "
                    + "archives; the limit is %,d (max bytes); narrow the range or add filters", plan.bytesToRead(),
                    limits.maxBytes()));
        }
        var live = withLive ? route.live() : java.util.Optional.<dev.rewind.job.query.LiveInput>empty();
        Set<Plan.Source> sources = EnumSet.noneOf(Plan.Source.class);
        if (route.readsArchives()) {
            sources.add(Plan.Source.ARCHIVE);
        }
        live.ifPresent(l -> sources.add(Plan.Source.LIVE));
        Plan planView = new Plan(sources, new Plan.Counts(route.catalog().archives().size(), plan.archivesSelected()),
                new Plan.FrameCounts(plan.framesTotal(), plan.framesSelected(), plan.skippedByTime(),
                        plan.skippedByLevel(), plan.skippedByToken()),
                plan.bytesToRead(), plan.splits().size(), route.watermark(), route.pending());
        timings.put("selection", (System.nanoTime() - t0) / 1_000_000);

        int limit = request.aggregation().isPresent() ? 1 : request.pageSize() + 1; // one more: is there another page?
        QuerySpec spec = new QuerySpec(filter, order, limit, request.aggregation());
        Execution run = new Execution(new QueryCollector(spec, plan.splits().size(), maxRowBytes), null, false);
        if (!plan.splits().isEmpty() || live.isPresent()) {
            for (int attempt = 1; ; attempt++) {
                QueryCollector fresh = new QueryCollector(spec, plan.splits().size(), maxRowBytes);
                try {
                    run = execute(plan, spec, live, context, fresh, timings);
                    break;
                } catch (Exception e) {
                    // A job that failed before it read anything, for want of a ready cluster, runs again.
                    boolean untouched = fresh.splitsDone() == 0 && fresh.matched() == 0;
                    if (attempt >= Jobs.attempts() || !untouched || context.cancelled() || !Jobs.transientFailure(e)) {
                        throw e;
                    }
                    jobs.recover(attempt, e);
                }
            }
        }
        QueryCollector collector = run.collector();
        String jobId = run.jobId();
        boolean stopped = run.stopped();
        long t2 = System.nanoTime();
        QueryResult result = collector.result(stopped);
        List<String> warnings = new ArrayList<>(result.warnings());
        boolean complete = result.warnings().isEmpty();
        if (stopped) {
            warnings.add("stopped (" + (context.cancelledBecause() == null ? "cancelled" : context.cancelledBecause())
                    + "): the answer holds what was read before");
            complete = false;
        }
        if (collector.cut()) {
            warnings.add(String.format("the page was cut to %,d records: they exceeded this query's memory share "
                    + "(%,d bytes); ask for fewer records per page", result.rows().size(), maxRowBytes));
        }
        context.listener().progress(new QueryProgress(queryId, jobId, "assembly", result.splitsDone(),
                result.splitsTotal(), result.bytesRead(), result.matched()));
        Result answer;
        if (request.aggregation().isPresent()) {
            answer = ResultAssembly.aggregate(request.aggregation().get(), result.aggregates());
        } else {
            List<Row> page = result.rows().stream().limit(request.pageSize()).map(ResultAssembly::row).toList();
            boolean hasMore = result.rows().size() > request.pageSize() || collector.cut();
            answer = new Result.Records(page, hasMore, null, result.matched(), result.complete() && !collector.cut());
        }
        timings.put("assembly", (System.nanoTime() - t2) / 1_000_000);
        AnswerStats stats = new AnswerStats(AnswerStats.CacheUse.MISS, timings, result.bytesRead(), result.rawBytesRead(),
                result.linesScanned(), result.splitsDone(), result.splitsTotal(), jobId,
                new AnswerStats.Storage(result.io().remoteRequests(), result.io().remoteBytes(), result.io().cachedBytes(),
                        Math.max(0, plan.bytesTotal() - plan.bytesToRead())));
        context.listener().progress(new QueryProgress(queryId, jobId, "done", result.splitsDone(), result.splitsTotal(),
                result.bytesRead(), result.matched()));
        return new Answer(queryId, answer, planView, stats, warnings, complete);
    }

    private record Execution(QueryCollector collector, String jobId, boolean stopped) {
    }

    /** One job: a slot taken, the job started, its events folded until it ends or is stopped. */
    private Execution execute(ScanPlan plan, QuerySpec spec, java.util.Optional<dev.rewind.job.query.LiveInput> live,
                              QueryContext context, QueryCollector collector, Map<String, Long> timings) throws Exception {
        String queryId = context.queryId();
        try (JobGate.Permit permit = gate.enter(context.remaining());
             RunningQuery running = jobs.start("rewind query " + queryId, plan, spec, live)) {
            String jobId = running.jobId();
            Runnable unhook = context.onCancel(running::cancel);
            try (Deadline deadline = Deadline.at(context)) {
                long t1 = System.nanoTime();
                context.listener().progress(new QueryProgress(queryId, jobId, "retrieval", 0, plan.splits().size(), 0, 0));
                while (running.hasNext()) {
                    QueryEvent event = running.next();
                    collector.accept(event);
                    if (event instanceof QueryEvent.Row row) {
                        context.listener().rows(List.of(ResultAssembly.row(row)));
                    } else if (event instanceof QueryEvent.SplitFinished) {
                        context.listener().progress(new QueryProgress(queryId, jobId, "processing",
                                collector.splitsDone(), collector.splitsTotal(), collector.bytesRead(),
                                collector.matched()));
                    }
                }
                timings.put("retrieval_and_processing", (System.nanoTime() - t1) / 1_000_000);
            } finally {
                unhook.run();
            }
            return new Execution(collector, jobId, running.isCancelled());
        }
    }

    /** Cancels the query when its deadline passes; closed when the job is over. */
    private static final class Deadline implements AutoCloseable {
        private static final java.util.concurrent.ScheduledExecutorService TIMER =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "query-deadlines");
                    t.setDaemon(true);
                    return t;
                });
        private final java.util.concurrent.ScheduledFuture<?> timer;

        private Deadline(java.util.concurrent.ScheduledFuture<?> timer) {
            this.timer = timer;
        }

        static Deadline at(QueryContext context) {
            return new Deadline(TIMER.schedule(() -> context.cancel("the query took longer than its limit of "
                    + context.timeout().toSeconds() + " s"), context.remaining().toNanos(),
                    java.util.concurrent.TimeUnit.NANOSECONDS));
        }

        @Override
        public void close() {
            timer.cancel(false);
        }
    }
}
