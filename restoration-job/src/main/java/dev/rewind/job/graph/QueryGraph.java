package dev.rewind.job.graph;

import dev.rewind.connectors.source.ArchiveSource;
import dev.rewind.connectors.source.reader.ScanOutput;
import dev.rewind.connectors.source.plan.ScanPlan;
import dev.rewind.connectors.source.enumerator.EarlyStop;
import dev.rewind.job.live.LiveSource;
import dev.rewind.job.query.AggregateRow;
import dev.rewind.job.query.Aggregation;
import dev.rewind.job.query.JobOutput;
import dev.rewind.job.query.LiveInput;
import dev.rewind.job.query.QuerySpec;
import dev.rewind.job.results.ResultFileWriter;
import dev.rewind.job.results.ResultSink;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The bounded query job: the archive source over the planned splits, unioned with the live Kafka
 * source past the watermark when there is one, then either the matching records (with the splits'
 * progress markers interleaved) or a keyed aggregation. The same graph runs on the embedded
 * MiniCluster and on a session cluster.
 */
public final class QueryGraph {
    /**
     * How long an archive reader that owns none of the pending splits (cache affinity: see
     * {@code ArchiveSplitEnumerator}) waits before it takes another TaskManager's; set per job as
     * {@code -Drewind.source.steal-after=100ms}. Zero shares splits at once.
     */
    public static final ConfigOption<java.time.Duration> STEAL_AFTER = ConfigOptions.key("rewind.source.steal-after")
            .durationType().defaultValue(ArchiveSource.DEFAULT_STEAL_AFTER)
            .withDescription("how long an archive reader owning no pending split waits before it takes another's");

    private QueryGraph() {
    }

    public static DataStream<JobOutput> build(StreamExecutionEnvironment env, ScanPlan plan, QuerySpec spec,
                                              Optional<LiveInput> live) {
        return build(env, plan, spec, live, Optional.empty());
    }

    /**
     * @param sink for a records query, where its rows go as sorted result files (only their
     *             manifests come back); empty: the rows come back themselves (the collect path)
     */
    public static DataStream<JobOutput> build(StreamExecutionEnvironment env, ScanPlan plan, QuerySpec spec,
                                              Optional<LiveInput> live, Optional<ResultSink> sink) {
        EarlyStop earlyStop = spec.aggregation().isPresent() ? EarlyStop.NEVER : new EarlyStop(spec.limit(), spec.order());
        int parallelism = Math.max(1, Math.min(env.getParallelism(), plan.splits().size()));
        boolean countOnly = spec.aggregation().filter(a -> a instanceof Aggregation.Count).isPresent();
        DataStream<ScanOutput> scan = env.fromSource(new ArchiveSource(plan.splits(), spec.filter(), earlyStop, countOnly,
                                env.getConfiguration().get(STEAL_AFTER)),
                WatermarkStrategy.noWatermarks(), "archives (" + plan.splits().size() + " splits)")
                .setParallelism(parallelism);
        if (spec.aggregation().isEmpty() && sink.isPresent()) {
            return toFiles(env, scan, parallelism, spec, live, sink.get());
        }
        if (live.isPresent()) {
            scan = scan.union(liveRows(env, live.get(), spec));
        }
        if (spec.aggregation().isEmpty()) {
            return scan.map(new WrapScan()).name("rows");
        }
        Aggregation aggregation = spec.aggregation().get();
        DataStream<JobOutput> progress = scan.filter(o -> !o.isRow()).name("progress").map(new WrapScan());
        if (aggregation instanceof Aggregation.Patterns) {
            DataStream<JobOutput> templates = scan.filter(ScanOutput::isRow).name("matches")
                    .transform("count message shapes", TypeInformation.of(AggregateRow.class),
                            new CombineAtEnd(MinePatterns::new))
                    .map(new WrapAggregate());
            return progress.union(templates);
        }
        // A count's archive matches arrive as counts in the split markers (the readers counted them);
        // its live matches, and every trend's matches, arrive as rows.
        DataStream<JobOutput> aggregates = scan.filter(o -> o.isRow() || o.done().counted()).name("matches")
                .transform("count per key", TypeInformation.of(AggregateRow.class),
                        new CombineAtEnd(() -> new CombineAggregates(aggregation)))
                .map(new WrapAggregate());
        return progress.union(aggregates);
    }

    /** Each reader's rows (and the live part's) to sorted result files; manifests and progress come back. */
    private static DataStream<JobOutput> toFiles(StreamExecutionEnvironment env, DataStream<ScanOutput> archives,
                                                 int parallelism, QuerySpec spec, Optional<LiveInput> live,
                                                 ResultSink sink) {
        TypeInformation<JobOutput> type = TypeInformation.of(JobOutput.class);
        DataStream<JobOutput> out = archives.transform("result files", type,
                new ResultFileWriter(sink.folder(), "archive", spec.order(), sink.runBytes())).setParallelism(parallelism);
        if (live.isPresent()) {
            out = out.union(liveRows(env, live.get(), spec).transform("live result files", type,
                    new ResultFileWriter(sink.folder(), "live", spec.order(), sink.runBytes())).setParallelism(1));
        }
        return out;
    }

    private static DataStream<ScanOutput> liveRows(StreamExecutionEnvironment env, LiveInput input, QuerySpec spec) {
        LiveSource.Builder source = LiveSource.builder().bootstrapServers(input.bootstrapServers()).topic(input.topic());
        if (input.byOffset()) {
            source.startingAtOffsets(input.offsets()); // after what the archiver has committed
        } else {
            source.startingAt(input.watermark());
        }
        return env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "live " + input.topic())
                .setParallelism(1)
                .flatMap(new LiveLineParser(input, spec.filter())).setParallelism(1).name("parse live lines");
    }

    private static final class WrapScan implements MapFunction<ScanOutput, JobOutput> {
        @Override
        public JobOutput map(ScanOutput value) {
            return JobOutput.of(value);
        }
    }

    private static final class WrapAggregate implements MapFunction<AggregateRow, JobOutput> {
        @Override
        public JobOutput map(AggregateRow value) {
            return JobOutput.of(value);
        }
    }
}
