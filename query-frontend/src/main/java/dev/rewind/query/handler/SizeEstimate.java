package dev.rewind.query.handler;

import dev.rewind.api.QueryAnswer;

/** A cheap estimate of an answer's size in memory, for the cache's byte budget. */
final class SizeEstimate {
    private SizeEstimate() {
    }

    static long of(QueryAnswer answer) {
        long size = 1024;
        if (answer.results() != null) {
            for (QueryAnswer.ResultRow row : answer.results()) {
                size += 200 + 2L * (row.message().length() + row.id().length() + row.service().length() + row.host().length());
                for (var e : row.fields().entrySet()) {
                    size += 64 + 2L * (e.getKey().length() + e.getValue().length());
                }
            }
        }
        if (answer.aggregate() != null) {
            if (answer.aggregate().series() != null) {
                size += answer.aggregate().series().stream().mapToLong(s -> 128 + 64L * s.points().size()).sum();
            }
            if (answer.aggregate().patterns() != null) {
                size += answer.aggregate().patterns().stream()
                        .mapToLong(p -> 256 + 2L * (p.template().length() + p.sample().length())).sum();
            }
        }
        return size;
    }
}
