package dev.rewind.report;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the monthly error-trend report on a cron schedule (cron-utils, UNIX syntax; default
 * {@code 0 2 1 * *}: the 1st of each month at 02:00 UTC), for the month before the run. The clock
 * is injected and {@link #tick()} does one check, so a test can advance time instead of waiting.
 * Thread-safe.
 */
public final class ReportScheduler implements AutoCloseable {
    public static final String DEFAULT_CRON = "0 2 1 * *";
    private static final Logger LOG = LoggerFactory.getLogger(ReportScheduler.class);

    /** Produces the report of one month. */
    @FunctionalInterface
    public interface MonthRun {
        void run(YearMonth month) throws Exception;
    }

    private final ExecutionTime schedule;
    private final Clock clock;
    private final MonthRun run;
    private ZonedDateTime next;
    private ScheduledExecutorService timer;

    /** @throws IllegalArgumentException naming the bad cron expression */
    public ReportScheduler(String cron, Clock clock, MonthRun run) {
        try {
            this.schedule = ExecutionTime.forCron(new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX))
                    .parse(cron));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron expression '" + cron + "': " + e.getMessage(), e);
        }
        this.clock = clock;
        this.run = run;
        this.next = nextAfter(clock.instant());
    }

    private ZonedDateTime nextAfter(Instant instant) {
        return schedule.nextExecution(instant.atZone(ZoneOffset.UTC))
                .orElseThrow(() -> new IllegalArgumentException("the cron expression never fires"));
    }

    /** When the next report runs. */
    public synchronized Instant next() {
        return next.toInstant();
    }

    /** Runs the report if it is due; returns the month it ran for, or null. */
    public synchronized YearMonth tick() {
        Instant now = clock.instant();
        if (now.isBefore(next.toInstant())) {
            return null;
        }
        YearMonth month = YearMonth.from(next.minusMonths(1));
        next = nextAfter(now);
        try {
            run.run(month);
            LOG.info("monthly error-trend report for {} written", month);
        } catch (Exception e) {
            LOG.warn("monthly error-trend report for {} failed: {}", month, e.getMessage());
        }
        return month;
    }

    /** Checks once a minute on a daemon thread. */
    public ReportScheduler start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "report-scheduler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.MINUTES);
        return this;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
