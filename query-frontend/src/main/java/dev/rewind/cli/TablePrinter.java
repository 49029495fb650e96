package dev.rewind.cli;

import dev.rewind.api.QueryAnswer;
import java.io.PrintStream;

/** A query answer as a plain table for people at a terminal. */
final class TablePrinter {
    private static final int MESSAGE_WIDTH = 100;

    private TablePrinter() {
    }

    static void print(QueryAnswer answer, PrintStream out) {
        if (answer.results() != null) {
            out.printf("%-24s  %-7s  %-14s  %s%n", "TIMESTAMP", "LEVEL", "SERVICE", "MESSAGE");
            for (QueryAnswer.ResultRow row : answer.results()) {
                String message = row.message().length() > MESSAGE_WIDTH
                        ? row.message().substring(0, MESSAGE_WIDTH - 1) + "…" : row.message();
                out.printf("%-24s  %-7s  %-14s  %s%n", row.timestamp(), row.level(), row.service(), message);
            }
            out.printf("%d rows; %s%d matched; %d of %d splits, %,d bytes read in %d ms%n", answer.results().size(),
                    answer.total().exact() ? "" : "at least ", answer.total().value(), answer.stats().splitsDone(),
                    answer.stats().splitsTotal(), answer.stats().bytesScanned(),
                    answer.stats().timingsMs().values().stream().mapToLong(Long::longValue).sum());
            return;
        }
        QueryAnswer.AggregateView agg = answer.aggregate();
        switch (agg.type()) {
            case "count" -> out.printf("%,d%n", agg.count());
            case "trend" -> {
                for (QueryAnswer.Series series : agg.series()) {
                    for (QueryAnswer.Point point : series.points()) {
                        out.printf("%-24s  %-20s  %,10d%n", point.t(), series.key().values(), point.count());
                    }
                }
            }
            default -> {
                for (QueryAnswer.PatternView p : agg.patterns()) {
                    out.printf("%,10d  %s%n", p.count(), p.template());
                }
            }
        }
    }
}
