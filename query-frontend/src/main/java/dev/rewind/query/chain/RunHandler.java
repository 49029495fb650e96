package dev.rewind.query.chain;

import dev.rewind.query.Answer;
import dev.rewind.query.run.ScanJob;

/** The last layer: the question as one Flink job over the route's archives and live part. */
public final class RunHandler implements QueryHandler {
    private final ScanJob job;

    public RunHandler(ScanJob job) {
        this.job = job;
    }

    @Override
    public Answer handle(Query query) throws Exception {
        return job.run(query.request(), query.routed(), query.context(), true);
    }
}
