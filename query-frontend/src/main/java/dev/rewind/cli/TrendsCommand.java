package dev.rewind.cli;

import dev.rewind.analysis.ErrorAnalysis;
import dev.rewind.analysis.ErrorReport;
import dev.rewind.api.QueryTimes;
import dev.rewind.catalog.Catalog;
import dev.rewind.connectors.record.Level;
import dev.rewind.job.query.Bucket;
import dev.rewind.query.BadRequestException;
import dev.rewind.query.QueryEngine;
import dev.rewind.report.MonthlyReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rewind trends}: error trends, recurring error types and spikes over a range (from the
 * sidecars), or with {@code --month} the monthly error-trend report, run now as Flink jobs.
 */
@Command(name = "trends", mixinStandardHelpOptions = true,
        description = "Error trends, recurring error types and spikes; or one monthly report (--month).")
final class TrendsCommand implements Callable<Integer> {
    @Option(names = "--archives", required = true, arity = "1..*", paramLabel = "DIR|URI",
            description = "archive roots: folders or URIs such as s3://bucket/prefix")
    List<String> archives;

    @picocli.CommandLine.Mixin
    StorageOptions storage = new StorageOptions();

    @Option(names = "--month", paramLabel = "YYYY-MM", description = "write that month's report now")
    YearMonth month;

    @Option(names = "--out", paramLabel = "DIR", description = "reports directory (default ${DEFAULT-VALUE})")
    Path out = Path.of("reports");

    @Option(names = "--from", paramLabel = "T", description = "start of the range")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "end of the range, inclusive")
    String to;

    @Option(names = "--bucket", paramLabel = "B", description = "hour, day, week or month (default ${DEFAULT-VALUE})")
    String bucket = "day";

    @Option(names = "--format", paramLabel = "F", description = "table (default) or json")
    String format = "table";

    @Override
    public Integer call() throws Exception {
        if (month == null && (from == null || to == null)) {
            throw new BadRequestException("--from/--to", "give a range, or --month YYYY-MM for a report");
        }
        // Error types are new or not by what came before: every folder up to the range's end is listed.
        Instant until = month != null ? month.plusMonths(1).atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                : QueryTimes.end("--to", to);
        CommandEngine.Archives where = new CommandEngine.Archives(StorageOptions.roots(archives), null, storage.settings(),
                new dev.rewind.catalog.ListingScope(Instant.EPOCH, until));
        try (QueryEngine engine = CommandEngine.open(where, null, null, null, Duration.ofMinutes(30))) {
            engine.catalog().onIndexing(a -> System.err.println("indexing " + a));
            if (month != null) {
                MonthlyReport.Files3 files = MonthlyReport.write(month, engine, out);
                System.out.printf("wrote %s, %s, %s%n", files.json(), files.csv(), files.png());
                return 0;
            }
            return analyse(engine);
        }
    }

    private int analyse(QueryEngine engine) throws Exception {
        Instant start = QueryTimes.start("--from", from);
        Instant end = QueryTimes.end("--to", to);
        // Error types are new or not by what came before the range: every archive up to its end counts.
        Catalog catalog = engine.catalog().awaitIndexed(Instant.EPOCH, end, Duration.ofDays(1));
        Bucket b;
        try {
            b = Bucket.parse(bucket);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("--bucket", e.getMessage());
        }
        ErrorReport report = ErrorAnalysis.analyse(catalog, engine.catalog().details(), start, end, b,
                EnumSet.of(Level.ERROR, Level.FATAL), null, 20);
        if (format.equals("json")) {
            System.out.println(QueryCommand.JSON.writeValueAsString(report));
            return 0;
        }
        System.out.println("TOP ERROR TYPES");
        for (ErrorReport.ErrorType t : report.types()) {
            System.out.printf("%,10d  %-5s %s%s%n", t.count(), t.level(), t.template(), t.isNew() ? "  [new]" : "");
            for (dev.rewind.connectors.pattern.TypeVariable v : t.variables()) {
                System.out.printf("%18s%s%n", "", v.describe(5)); // the words a variable took, as the dashboard shows them
            }
        }
        System.out.println("SPIKES");
        for (ErrorReport.Spike s : report.spikes()) {
            System.out.printf("%s  %,d (baseline %.0f)  %s%n", s.bucket(), s.count(), s.baseline(),
                    s.drivers().isEmpty() ? "" : s.drivers().get(0).template());
        }
        return 0;
    }
}
