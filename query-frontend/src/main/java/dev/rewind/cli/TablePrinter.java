package dev.rewind.cli;

import dev.rewind.query.Answer;
import dev.rewind.query.Plan;
import dev.rewind.query.Result;
import dev.rewind.query.Row;
import java.io.PrintStream;

/** A query answer as a plain table for people at a terminal. */
final class TablePrinter {
    private static final int MESSAGE_WIDTH = 100;

    private TablePrinter() {
    }

    static void print(Answer answer, PrintStream out) {
        Result result = answer.result();
        if (result instanceof Result.Records records) {
            out.printf("%-24s  %-7s  %-14s  %s%n", "TIMESTAMP", "LEVEL", "SERVICE", "MESSAGE");
            for (Row row : records.rows()) {
                String message = row.record().message();
                message = message.length() > MESSAGE_WIDTH ? message.substring(0, MESSAGE_WIDTH - 1) + "…" : message;
                out.printf("%-24s  %-7s  %-14s  %s%n", row.timestamp(), row.record().level(), row.record().service(), message);
            }
            out.printf("%d rows; %s%,d matched; %s%n", records.rows().size(),
                    records.totalExact() && answer.complete() ? "" : "at least ", records.total(), cost(answer));
        } else if (result instanceof Result.Count count) {
            out.printf("%,d%n", count.count());
        } else if (result instanceof Result.Trend trend) {
            for (Result.Series series : trend.series()) {
                String key = (series.level() == null ? "" : series.level().name())
                        + (series.service() == null ? "" : " " + series.service());
                for (Result.Point point : series.points()) {
                    out.printf("%-24s  %-20s  %,10d%n", point.t(), key.trim(), point.count());
                }
            }
        } else if (result instanceof Result.Patterns patterns) {
            for (Result.Pattern p : patterns.patterns()) {
                out.printf("%,10d  %s%n", p.count(), p.template());
            }
        }
    }

    /** "from sidecars" or "3 of 7 splits, 1,234 bytes read; 12 frames skipped by token" — what answering cost. */
    static String cost(Answer answer) {
        Plan plan = answer.plan();
        long ms = answer.stats().timingsMs().values().stream().mapToLong(Long::longValue).sum();
        if (plan != null && plan.sources().contains(Plan.Source.METADATA) && !plan.sources().contains(Plan.Source.ARCHIVE)) {
            return "answered from sidecar metadata in " + ms + " ms";
        }
        if (answer.stats().cache().hit()) {
            return "answered from the " + answer.stats().cache().tier() + " cache";
        }
        String skipped = plan == null ? "" : String.format("; frames skipped: %,d by time, %,d by level, %,d by token",
                plan.frames().byTime(), plan.frames().byLevel(), plan.frames().byToken());
        return String.format("%d of %d splits, %,d bytes read in %d ms%s", answer.stats().splitsDone(),
                answer.stats().splitsTotal(), answer.stats().bytesScanned(), ms, skipped);
    }
}
