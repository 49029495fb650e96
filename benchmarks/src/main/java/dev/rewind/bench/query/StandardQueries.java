package dev.rewind.bench.query;

import dev.rewind.connectors.record.Level;
import dev.rewind.sample.DayTruth;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The five questions of the query benchmark (the list), over the whole sample range unless
 * said otherwise. The shell side runs with {@code LC_ALL=C} (byte comparisons: what a user who
 * wants grep fast sets) and {@code -F} (fixed strings); timestamps lead every sample line, so
 * {@code sort -r} orders lines newest first.
 */
final class StandardQueries {
    /** Filters an NDJSON sample line by its level field; only that field holds the quoted text. */
    private static final String ERROR_FIELD = "'\"level\":\"ERROR\"'";
    private static final String ALL_FILES = "\"$@\"";
    private static final String COLUMNS = "timestamp, level, service, host, message, trace_id";

    private StandardQueries() {
    }

    /**
     * @param duckSource DuckDB's table expression over every archive ({@link DuckDbEngine#source})
     * @param token      a token in exactly three lines of the sample
     * @param day        an ordinary day for the one-day query
     */
    static List<BenchQuery> of(SampleArchives data, String duckSource, String token, LocalDate day) {
        String from = data.first().toString();
        String to = data.last().toString();
        String glob = "$DATA/dt=*/*.zst";
        List<Path> all = data.archives();
        DayTruth dayTruth = data.day(day);
        long errors = data.count(Level.ERROR);
        long dayErrors = dayTruth.count(Level.ERROR);
        if (dayErrors >= 10_000) {
            throw new IllegalStateException(day + " has " + dayErrors + " ERROR lines, more than one page of 10,000");
        }
        Map<String, Long> perDayAndLevel = new TreeMap<>();
        for (DayTruth d : data.truth().days()) {
            d.levels().forEach((level, n) -> perDayAndLevel.put(d.day() + " " + level.name(), n));
        }
        Answer.Counts truthCounts = Answer.Counts.of(perDayAndLevel);

        return List.of(
                new BenchQuery("ERROR count, six months",
                        """
                        {"start_time":"%s","end_time":"%s","filters":{"level":"ERROR"},"aggregate":{"type":"count"}}"""
                                .formatted(from, to),
                        pipeline("zstd -dcq " + ALL_FILES + " | LC_ALL=C grep -cF " + ERROR_FIELD, all, glob),
                        "SELECT count(*) FROM " + duckSource + " WHERE level = 'ERROR'",
                        AnswerKind.COUNT, new Target.NoSlowerThanDuckDb(),
                        Optional.of(new BenchQuery.Expectation(String.format(Locale.ROOT, "%,d ERROR lines generated", errors),
                                a -> a.equals(new Answer.Count(errors))))),
                new BenchQuery("newest 1,000 ERROR lines, six months",
                        """
                        {"start_time":"%s","end_time":"%s","filters":{"level":"ERROR"},"order":"desc","page_size":1000}"""
                                .formatted(from, to),
                        pipeline("zstd -dcq " + ALL_FILES + " | LC_ALL=C grep -F " + ERROR_FIELD
                                + " | LC_ALL=C sort -r | head -n 1000", all, glob),
                        "SELECT " + COLUMNS + " FROM " + duckSource + " WHERE level = 'ERROR' ORDER BY timestamp DESC LIMIT 1000",
                        AnswerKind.LINES, new Target.Within(Duration.ofSeconds(1)),
                        Optional.of(new BenchQuery.Expectation("1,000 lines",
                                a -> a instanceof Answer.Lines l && l.timestamps().size() == 1000))),
                new BenchQuery("ERROR lines of one day (" + day + ")",
                        """
                        {"start_time":"%s","end_time":"%s","filters":{"level":"ERROR"},"order":"desc","page_size":10000}"""
                                .formatted(day, day),
                        pipeline("zstd -dcq " + ALL_FILES + " | LC_ALL=C grep -F " + ERROR_FIELD, List.of(data.archive(day)),
                                "$DATA/dt=" + day + "/*.zst"),
                        "SELECT " + COLUMNS + " FROM " + duckSource + " WHERE dt = '" + day + "' AND level = 'ERROR'",
                        AnswerKind.LINES, new Target.Within(Duration.ofMillis(300)),
                        Optional.of(new BenchQuery.Expectation(String.format(Locale.ROOT, "%,d lines generated", dayErrors),
                                a -> a instanceof Answer.Lines l && l.timestamps().size() == dayErrors))),
                new BenchQuery("a token in 3 lines (" + token + "), six months",
                        """
                        {"start_time":"%s","end_time":"%s","filters":{"text":"%s"}}""".formatted(from, to, token),
                        pipeline("zstd -dcq " + ALL_FILES + " | LC_ALL=C grep -iwF '" + token + "'", all, glob),
                        "SELECT " + COLUMNS + " FROM " + duckSource + " WHERE regexp_matches(message, '\\b" + token
                                + "\\b', 'i')",
                        AnswerKind.LINES, new Target.Within(Duration.ofSeconds(1)),
                        Optional.of(new BenchQuery.Expectation("3 lines",
                                a -> a instanceof Answer.Lines l && l.timestamps().size() == 3))),
                new BenchQuery("counts per day and level, six months",
                        """
                        {"start_time":"%s","end_time":"%s","aggregate":{"type":"trend","bucket":"day","by":["level"]}}"""
                                .formatted(from, to),
                        pipeline("zstd -dcq " + ALL_FILES + " | LC_ALL=C awk -F'\"' "
                                + "'{ n[substr($4, 1, 10) \" \" $8]++ } END { for (k in n) print n[k], k }'", all, glob),
                        "SELECT CAST(timestamp AS DATE) AS day, level, count(*) FROM " + duckSource + " GROUP BY ALL",
                        AnswerKind.DAY_LEVEL_COUNTS, new Target.None(),
                        Optional.of(new BenchQuery.Expectation(String.format(Locale.ROOT,
                                "the generator's %,d counts", truthCounts.counts().size()), truthCounts::equals))));
    }

    /**
     * The object-storage benchmark's three: the six-month ERROR count, the newest 1,000 ERROR
     * lines, and one day's ERROR lines (the first three of {@link #of}; the token is not asked).
     */
    static List<BenchQuery> tiers(SampleArchives data, String duckSource, LocalDate day) {
        return of(data, duckSource, "ord-0", day).subList(0, 3);
    }

    /**
     * The fixed cost of a query job: a range before the first archive, so the plan selects
     * nothing and the job runs with no split. Rewind only; it is where the floor of every row is.
     */
    static String emptyRangeBody(SampleArchives data) {
        LocalDate before = data.first().minusYears(1);
        return """
                {"start_time":"%s","end_time":"%s","filters":{"level":"ERROR"},"order":"desc","page_size":1000}"""
                .formatted(before, before);
    }

    private static ShellPipeline pipeline(String script, List<Path> files, String glob) {
        return new ShellPipeline(script, files, script.replace(ALL_FILES, glob));
    }
}
