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
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The bounded query job: the archive source over the planned splits, unioned with the live Kafka
 * source past the watermark when there is one, then either the matching records (with the splits'
 * progress markers interleaved) or a keyed aggregation. The same graph runs on the embedded
 * MiniCluster and on a session cluster.
 */
public final class QueryGraph {
    private QueryGraph() {
    }

    public static DataStream<JobOutput> build(StreamExecutionEnvironment env, ScanPlan plan, QuerySpec spec,
                                              Optional<LiveInput> live) {
        EarlyStop earlyStop = spec.aggregation().isPresent() ? EarlyStop.NEVER : new EarlyStop(spec.limit(), spec.order());
        int parallelism = Math.max(1, Math.min(env.getParallelism(), plan.splits().size()));
        boolean countOnly = spec.aggregation().filter(a -> a instanceof Aggregation.Count).isPresent();
        DataStream<ScanOutput> scan = env.fromSource(new ArchiveSource(plan.splits(), spec.filter(), earlyStop, countOnly),
                WatermarkStrategy.noWatermarks(), "archives (" + plan.splits().size() + " splits)")
                .setParallelism(parallelism);
        if (live.isPresent()) {
            LiveInput input = live.get();
            LiveSource.Builder source = LiveSource.builder().bootstrapServers(input.bootstrapServers()).topic(input.topic());
            if (input.byOffset()) {
                source.startingAtOffsets(input.offsets()); // after what the archiver has committed
            } else {
                source.startingAt(input.watermark());
            }
            DataStream<ScanOutput> liveRows = env.fromSource(source.build(),
                    WatermarkStrategy.noWatermarks(), "live " + input.topic())
                    .setParallelism(1)
                    .flatMap(new LiveLineParser(input, spec.filter())).setParallelism(1).name("parse live lines");
            scan = scan.union(liveRows);
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
