package dev.rewind.query.run;

import dev.rewind.connectors.source.plan.ScanPlan;
import dev.rewind.job.query.LiveInput;
import dev.rewind.job.query.QuerySpec;
import dev.rewind.job.runner.JobRunner;
import dev.rewind.job.runner.QueryExecutor;
import dev.rewind.job.runner.RunningQuery;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where query jobs run, started only when a job must run: a question the sidecars or the caches
 * answer never starts a MiniCluster (the command line's fixed cost). A job that fails only because
 * the cluster was not ready for it (no TaskManager registered yet, no slot in time) is started
 * again, after the runner has brought back what it can. Thread-safe.
 */
public final class Jobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);
    private static final int ATTEMPTS = 4;

    private final Callable<JobRunner> factory;
    private volatile JobRunner runner;
    private volatile QueryExecutor executor;

    public Jobs(Callable<JobRunner> factory) {
        this.factory = factory;
    }

    /** An already running runner (the server starts its cluster up front, for its web UI). */
    public static Jobs of(JobRunner running) {
        Jobs jobs = new Jobs(() -> running);
        jobs.runner = running;
        jobs.executor = new QueryExecutor(running);
        return jobs;
    }

    private QueryExecutor executor() throws Exception {
        QueryExecutor e = executor;
        if (e == null) {
            synchronized (this) {
                if (executor == null) {
                    runner = factory.call();
                    executor = new QueryExecutor(runner);
                }
                e = executor;
            }
        }
        return e;
    }

    /** The runner, when one was started. */
    public Optional<JobRunner> started() {
        return Optional.ofNullable(runner);
    }

    /** Starts a job; a start that fails for want of a ready cluster is tried again, a few times. */
    public RunningQuery start(String name, ScanPlan plan, QuerySpec spec, Optional<LiveInput> live) throws Exception {
        Exception last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return executor().start(name, plan, spec, live);
            } catch (Exception e) {
                if (!transientFailure(e) || attempt == ATTEMPTS) {
                    throw e;
                }
                last = e;
                recover(attempt, e);
            }
        }
        throw last;
    }

    /** Called when a job failed before producing anything: restores the runner and waits a little. */
    public void recover(int attempt, Throwable failure) throws InterruptedException {
        LOG.warn("query job could not run (attempt {}): {}; trying again", attempt, rootMessage(failure));
        try {
            if (runner != null) {
                runner.restore();
            }
        } catch (Exception e) {
            LOG.warn("could not restore the job runner: {}", e.toString());
        }
        Thread.sleep(250L << attempt);
    }

    /** No TaskManager, no slot in time: the cluster was not ready, and may be on a retry. */
    public static boolean transientFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String name = c.getClass().getName();
            String message = String.valueOf(c.getMessage());
            if (name.endsWith("NoResourceAvailableException") || message.contains("NoResourceAvailableException")
                    || message.contains("Registered TMs: 0") || name.endsWith("TimeoutException")
                    && message.contains("slot")) {
                return true;
            }
        }
        return false;
    }

    public static int attempts() {
        return ATTEMPTS;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.toString();
    }

    /** The cluster's health; a runner not started yet is ready (it starts on the first job). */
    public JobRunner.Health health() {
        JobRunner r = runner;
        return r == null ? new JobRunner.Health(true, 0, 0, null) : r.health();
    }

    public Optional<String> webUi() {
        JobRunner r = runner;
        return r == null ? Optional.empty() : r.webUi();
    }

    @Override
    public void close() throws Exception {
        JobRunner r = runner;
        if (r != null) {
            r.close();
        }
    }
}
