package dev.rewind.job.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.source.plan.ScanPlan;
import dev.rewind.connectors.source.plan.ScanPlanner;
import dev.rewind.job.query.AggregateRow;
import dev.rewind.job.runner.QueryCollector;
import dev.rewind.job.runner.QueryEvent;
import dev.rewind.job.runner.QueryExecutor;
import dev.rewind.job.runner.QueryResult;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One question as a Flink program, for {@code flink run} and the REST API's {@code /jars/:id/run}:
 *
 * <pre>
 * flink run -c dev.rewind.job.cluster.QueryJob rewind-job.jar \
 *     --archives s3://bucket/logs --from 2024-03-01 --to 2024-03-31 --level ERROR --limit 100
 * </pre>
 *
 * <p>The program lists the indexed archives under the roots (through the file systems of the
 * process it runs in: {@code flink run}'s, with the cluster's plugins and {@code config.yaml}),
 * plans the splits from the sidecars, and runs the same job graph as {@code rewind serve} and
 * {@code rewind query} on the cluster it was submitted to. It prints the answer as NDJSON on
 * stdout: one line per record ({@code timestamp, level, service, host, message, id, fields}) or
 * aggregate row ({@code bucket, level, service, count}), then a {@code summary} line. Archives not
 * indexed are left out with a warning on stderr ({@code rewind index} makes their sidecars). For
 * the server's paging, caches, sidecar-only answers and the live topic, use {@code rewind serve
 * --flink}, which ships this same jar.
 */
public final class QueryJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QueryJob() {
    }

    public static void main(String[] args) throws Exception {
        QueryArgs query = QueryArgs.parse(args);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<IndexedArchive> archives = ArchiveListing.list(query.roots(), w -> System.err.println("warning: " + w));
        ScanPlan plan = ScanPlanner.plan(archives, query.spec().filter(), query.spec().order(),
                ScanPlanner.Blooms.FROM_SIDECARS);
        QueryResult result;
        if (plan.splits().isEmpty()) {
            result = new QueryCollector(query.spec(), 0).result(false);
        } else {
            QueryExecutor executor = new QueryExecutor(new ContextJobRunner());
            result = new QueryCollector(query.spec(), plan.splits().size())
                    .drain(executor.start("rewind query " + String.join(",", query.roots()), plan, query.spec(),
                            Optional.empty()));
        }
        for (QueryEvent.Row row : result.rows()) {
            out.println(JSON.writeValueAsString(record(row)));
        }
        for (AggregateRow row : result.aggregates()) {
            out.println(JSON.writeValueAsString(aggregate(row)));
        }
        ObjectNode summary = JSON.createObjectNode();
        ObjectNode s = summary.putObject("summary");
        s.put("archives", plan.archivesTotal());
        s.put("archives_selected", plan.archivesSelected());
        s.put("splits", plan.splits().size());
        s.put("splits_done", result.splitsDone());
        s.put("matched", result.matched());
        s.put("complete", result.complete());
        result.warnings().forEach(s.putArray("warnings")::add);
        out.println(JSON.writeValueAsString(summary));
    }

    private static ObjectNode record(QueryEvent.Row row) {
        var r = row.record();
        ObjectNode n = JSON.createObjectNode();
        n.put("timestamp", r.timestamp().toString());
        n.put("level", r.level().name());
        n.put("service", r.service());
        n.put("host", r.host());
        n.put("message", r.message());
        n.put("id", r.id());
        if (!r.fields().isEmpty()) {
            ObjectNode fields = n.putObject("fields");
            r.fields().forEach(fields::put);
        }
        return n;
    }

    private static ObjectNode aggregate(AggregateRow row) {
        ObjectNode n = JSON.createObjectNode();
        if (row.bucket() != null) {
            n.put("bucket", row.bucket().toString());
        }
        if (row.level() != null) {
            n.put("level", row.level().name());
        }
        if (row.service() != null) {
            n.put("service", row.service());
        }
        n.put("count", row.count());
        return n;
    }
}
