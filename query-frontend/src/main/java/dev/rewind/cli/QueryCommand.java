package dev.rewind.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.api.BadRequestException;
import dev.rewind.api.QueryAnswer;
import dev.rewind.api.QueryRequest;
import dev.rewind.api.RequestParser;
import dev.rewind.catalog.ArchiveCatalog;
import dev.rewind.connectors.record.LineFormat;
import dev.rewind.job.runner.EmbeddedJobRunner;
import dev.rewind.job.runner.QueryExecutor;
import dev.rewind.query.ArchiveQueryRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rewind query}: one query in-process on an embedded MiniCluster. {@code --format json}
 * prints exactly the HTTP answer of {@code POST /api/query}; the options are turned into that same
 * request body, so validation and meaning are the API's.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run one query over archives (and a live topic) as a Flink job, in-process.")
final class QueryCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    @Option(names = "--archives", required = true, arity = "1..*", paramLabel = "DIR", description = "archive directories")
    List<Path> archives;

    @Option(names = "--index-dir", paramLabel = "DIR", description = "sidecars for read-only archive stores")
    Path indexDir;

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

    @Option(names = "--format", paramLabel = "F", description = "table (default), ndjson or json")
    String format = "table";

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "live topic's broker")
    String kafka;

    @Option(names = "--topic", paramLabel = "T", description = "live topic")
    String topic;

    @Override
    public Integer call() throws Exception {
        if (!List.of("table", "ndjson", "json").contains(format)) {
            throw new BadRequestException("--format", "must be table, ndjson or json");
        }
        QueryRequest request = RequestParser.parse(body());
        ArchiveCatalog catalog = ArchiveCatalog.load(archives, indexDir,
                archive -> System.err.println("indexing " + archive));
        Optional<ArchiveQueryRunner.LiveConfig> live = kafka == null || topic == null ? Optional.empty()
                : Optional.of(new ArchiveQueryRunner.LiveConfig(kafka, topic, LineFormat.ndjson()));
        QueryAnswer answer;
        try (EmbeddedJobRunner runner = EmbeddedJobRunner.start(0, Runtime.getRuntime().availableProcessors());
             Progress bar = Progress.start("Query", 1, " splits", 1)) {
            answer = new ArchiveQueryRunner(new QueryExecutor(runner), live).run(request, catalog, p -> {
                if (p.splitsTotal() > 0) {
                    bar.max(p.splitsTotal());
                    bar.stepTo(p.splitsDone());
                    bar.extra(p.state() + ", " + (p.bytesRead() >> 20) + " MiB read, " + p.matched() + " matched");
                }
            }, row -> { });
        }
        print(answer);
        return 0;
    }

    /** The CLI options as the API's JSON body. */
    private ObjectNode body() {
        ObjectNode body = JSON.createObjectNode();
        body.put("start_time", from);
        body.put("end_time", to);
        ObjectNode filters = body.putObject("filters");
        putList(filters, "level", levels);
        putList(filters, "service", services);
        putList(filters, "host", hosts);
        if (text != null) {
            filters.put("text", text);
        }
        if (regex != null) {
            filters.put("regex", regex);
        }
        body.put("page_size", limit);
        body.put("order", order);
        if (aggregate != null) {
            ObjectNode agg = body.putObject("aggregate");
            if (aggregate.count) {
                agg.put("type", "count");
            } else if (aggregate.trend != null) {
                agg.put("type", "trend").put("bucket", aggregate.trend);
                agg.putArray("by").add("level");
            } else {
                agg.put("type", "patterns").put("limit", 20);
            }
        }
        return body;
    }

    private static void putList(ObjectNode node, String name, List<String> values) {
        if (values != null && !values.isEmpty()) {
            ArrayNode array = node.putArray(name);
            values.forEach(array::add);
        }
    }

    private void print(QueryAnswer answer) throws Exception {
        switch (format) {
            case "json" -> System.out.println(JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(answer));
            case "ndjson" -> {
                if (answer.results() != null) {
                    for (QueryAnswer.ResultRow row : answer.results()) {
                        System.out.println(JSON.writeValueAsString(row));
                    }
                } else {
                    System.out.println(JSON.writeValueAsString(answer.aggregate()));
                }
            }
            default -> TablePrinter.print(answer, System.out);
        }
        answer.warnings().forEach(w -> System.err.println("warning: " + w));
    }
}
