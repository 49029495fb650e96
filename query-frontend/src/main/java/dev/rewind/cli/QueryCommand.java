package dev.rewind.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rewind.api.QueryTimes;
import dev.rewind.api.WireAnswers;
import dev.rewind.connectors.record.Level;
import dev.rewind.job.query.Aggregation;
import dev.rewind.job.query.Bucket;
import dev.rewind.query.Answer;
import dev.rewind.query.BadRequestException;
import dev.rewind.query.QueryEngine;
import dev.rewind.query.QueryProgress;
import dev.rewind.query.QueryRequest;
import dev.rewind.query.Result;
import dev.rewind.query.Row;
import dev.rewind.query.SortOrder;
import dev.rewind.query.chain.QueryListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rewind query}: one query through the server's own query path, embedded (catalog, caches,
 * sidecar metadata, routing, planning; a MiniCluster only when a job must run). The options fill
 * the same {@link QueryRequest} builder the HTTP body does, so validation and meaning are the
 * API's; {@code --format json} prints exactly the HTTP answer of {@code POST /api/query}.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run one query over archives (and a live topic), in-process.")
final class QueryCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    @Option(names = "--archives", required = true, arity = "1..*", paramLabel = "DIR|URI",
            description = "archive roots: folders or URIs such as s3://bucket/prefix")
    List<String> archives;

    @Option(names = "--index-dir", paramLabel = "DIR|URI", description = "sidecars for read-only archive stores "
            + "(default: beside the archives when writable, else under the user's cache dir)")
    String indexDir;

    @picocli.CommandLine.Mixin
    StorageOptions storage = new StorageOptions();

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "cached answers (default: under the user's cache dir)")
    Path cacheDir;

    @Option(names = "--from", required = true, paramLabel = "T", description = "start (ISO-8601, date, or epoch ms)")
    String from;

    @Option(names = "--to", required = true, paramLabel = "T", description = "end, inclusive to its precision")
    String to;

    @Option(names = "--level", split = ",", paramLabel = "L", description = "levels, e.g. ERROR,FATAL")
    List<String> levels;

    @Option(names = "--service", split = ",", paramLabel = "S", description = "services")
    List<String> services;

    @Option(names = "--host", split = ",", paramLabel = "H", description = "hosts")
    List<String> hosts;

    @Option(names = "--text", paramLabel = "S", description = "words to find (case-insensitive, whole tokens)")
    String text;

    @Option(names = "--regex", paramLabel = "R", description = "RE2 regular expression on the raw line")
    String regex;

    @Option(names = "--limit", paramLabel = "N", description = "records to return (default ${DEFAULT-VALUE})")
    int limit = 100;

    @Option(names = "--order", paramLabel = "desc|asc", description = "newest first (desc, default) or oldest first")
    String order = "desc";

    @ArgGroup(exclusive = true)
    AggregateOption aggregate;

    static final class AggregateOption {
        @Option(names = "--count", description = "count matching records")
        boolean count;

        @Option(names = "--trend", paramLabel = "BUCKET", description = "counts per hour|day|week|month and level")
        String trend;

        @Option(names = "--patterns", description = "the most frequent message templates")
        boolean patterns;
    }

    @Option(names = "--top", paramLabel = "N", description = "with --patterns: how many (default ${DEFAULT-VALUE})")
    int top = 20;

    @Option(names = "--format", paramLabel = "F", description = "table (default), ndjson or json")
    String format = "table";

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "live topic's broker")
    String kafka;

    @Option(names = "--topic", paramLabel = "T", description = "live topic")
    String topic;

    @Option(names = "--no-cache", description = "scan the archives even when a cached answer or the sidecars' "
            + "pre-aggregates would do (to measure the scan)")
    boolean noCache;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "stop after this long, answering what was read "
            + "(ISO-8601 like PT10M, or seconds; default ${DEFAULT-VALUE})")
    String timeout = "PT30M";

    @Override
    public Integer call() throws Exception {
        if (!List.of("table", "ndjson", "json").contains(format)) {
            throw new BadRequestException("--format", "must be table, ndjson or json");
        }
        QueryRequest request = request();
        // Only the folders whose path dates may hold the range are listed (a bucket of years is not).
        CommandEngine.Archives where = new CommandEngine.Archives(StorageOptions.roots(archives),
                indexDir == null ? null : StorageOptions.roots(List.of(indexDir)).get(0), storage.settings(),
                new dev.rewind.catalog.ListingScope(request.start(), request.end()));
        try (QueryEngine engine = CommandEngine.open(where, cacheDir, kafka, topic, Durations.parse("--timeout", timeout));
             Progress bar = Progress.start("Query", 1, " splits", 1)) {
            engine.catalog().onIndexing(a -> bar.extra("indexing " + a.name()));
            QueryListener listener = new QueryListener() {
                @Override
                public void progress(QueryProgress p) {
                    if (p.splitsTotal() > 0) {
                        bar.max(p.splitsTotal());
                        bar.stepTo(p.splitsDone());
                        bar.extra(p.state() + ", " + (p.bytesRead() >> 20) + " MiB read, " + p.matched() + " matched");
                    }
                }
            };
            Answer answer = noCache ? engine.queryUncached(request, engine.context(listener))
                    : engine.query(request, engine.context(listener));
            bar.close();
            print(answer);
        }
        return 0;
    }

    /** The options as a request, through the same builder as the HTTP body (options named as on the command line). */
    QueryRequest request() {
        QueryRequest.Builder b = QueryRequest.builder()
                .range(QueryTimes.start("--from", from), QueryTimes.end("--to", to))
                .services(services == null ? List.of() : services).hosts(hosts == null ? List.of() : hosts)
                .text(text).regex(regex).page(limit, null);
        List<Level> wanted = new java.util.ArrayList<>();
        for (String name : levels == null ? List.<String>of() : levels) {
            try {
                wanted.add(Level.parseStrict(name));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("--level", e.getMessage());
            }
        }
        b.levels(wanted);
        b.order(switch (order.toLowerCase(Locale.ROOT)) {
            case "desc" -> SortOrder.DESC;
            case "asc" -> SortOrder.ASC;
            default -> throw new BadRequestException("--order", "must be desc or asc");
        });
        if (aggregate != null) {
            if (aggregate.count) {
                b.aggregate(new Aggregation.Count());
            } else if (aggregate.trend != null) {
                try {
                    b.aggregate(new Aggregation.Trend(Bucket.parse(aggregate.trend), true, false));
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException("--trend", e.getMessage());
                }
            } else {
                if (top < 1 || top > 10_000) {
                    throw new BadRequestException("--top", "must be a whole number from 1 to 10000");
                }
                b.aggregate(new Aggregation.Patterns(top));
            }
        }
        try {
            return b.build();
        } catch (BadRequestException e) {
            throw new BadRequestException(OPTION.getOrDefault(e.field(), e.field()),
                    e.reason().replace("start_time", "--from").replace("end_time", "--to"));
        }
    }

    /** The builder names fields as the HTTP body does; a person at the terminal typed options. */
    private static final java.util.Map<String, String> OPTION = java.util.Map.of("start_time", "--from",
            "end_time", "--to", "page_size", "--limit", "filters.regex", "--regex", "order", "--order");

    private void print(Answer answer) throws Exception {
        switch (format) {
            case "json" -> System.out.println(JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(WireAnswers.of(answer)));
            case "ndjson" -> {
                if (answer.result() instanceof Result.Records records) {
                    for (Row row : records.rows()) {
                        System.out.println(JSON.writeValueAsString(WireAnswers.row(row)));
                    }
                } else {
                    System.out.println(JSON.writeValueAsString(WireAnswers.aggregate(answer.result(), answer.complete())));
                }
            }
            default -> TablePrinter.print(answer, System.out);
        }
        answer.warnings().forEach(w -> System.err.println("warning: " + w));
    }
}
