package dev.rewind.cache;

import dev.rewind.query.Answer;
import dev.rewind.query.Result;
import dev.rewind.query.Row;

/** A cheap estimate of what an answer holds in memory, for the caches' byte budgets. */
public final class AnswerWeight {
    private AnswerWeight() {
    }

    public static long of(Answer answer) {
        long size = 1024 + 128L * answer.warnings().size();
        Result r = answer.result();
        if (r instanceof Result.Records records) {
            for (Row row : records.rows()) {
                var rec = row.record();
                // object headers, the record, its strings (UTF-16 worst case), the origin
                size += 240 + 2L * (rec.message().length() + rec.id().length() + rec.service().length()
                        + rec.host().length());
                for (var e : rec.fields().entrySet()) {
                    size += 96 + 2L * (e.getKey().length() + e.getValue().length());
                }
            }
        } else if (r instanceof Result.Trend trend) {
            size += trend.series().stream().mapToLong(s -> 128 + 48L * s.points().size()).sum();
        } else if (r instanceof Result.Patterns patterns) {
            size += patterns.patterns().stream()
                    .mapToLong(p -> 256 + 2L * (p.template().length() + p.sample().length())).sum();
        }
        return size;
    }
}
