package dev.rewind.job.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.source.enumerator.Rendezvous;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.connectors.source.plan.ScanPlan;
import dev.rewind.connectors.source.plan.ScanPlanner;
import dev.rewind.connectors.source.split.ArchiveSplit;
import dev.rewind.job.graph.QueryGraph;
import dev.rewind.job.query.Aggregation;
import dev.rewind.job.query.QuerySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Split affinity on a MiniCluster of two TaskManagers: each archive's splits are read on the
 * TaskManager that owns it by rendezvous hashing, the same one in every query, and the answers are
 * those of the archives. Where a split was read is what its reader wrote into the split's end
 * marker (its own TaskManager id), not what the enumerator meant to do.
 */
class SplitAffinityTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(2)
                    .setNumberSlotsPerTaskManager(1) // a job two readers wide has one reader on each
                    .build());

    @TempDir
    static Path dir;

    static ArchiveFixture fixture;

    @BeforeAll
    static void archives() throws Exception {
        fixture = new ArchiveFixture(dir.resolve("archives"), 9, 3000);
    }

    /** Runs jobs on the extension's cluster, two readers wide, with the given steal wait. */
    private record ExtensionRunner(Duration stealAfter) implements JobRunner {
        @Override
        public StreamExecutionEnvironment environment(RuntimeExecutionMode mode) {
            Configuration conf = new Configuration();
            conf.set(ExecutionOptions.RUNTIME_MODE, mode);
            conf.set(QueryGraph.STEAL_AFTER, stealAfter);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(2);
            return env;
        }

        @Override
        public boolean inProcess() {
            return true;
        }

        @Override
        public Optional<String> webUi() {
            return Optional.empty();
        }

        @Override
        public Health health() {
            return new Health(true, 2, 2, null);
        }

        @Override
        public void close() {
        }
    }

    /** One run: where each split was read, and the answer. */
    private record Run(Map<String, String> readBy, List<String> rows, long count) {
    }

    private static Run run(QuerySpec spec, Duration stealAfter) throws Exception {
        // Small splits: several per archive, so "an archive's splits" is more than one.
        ScanPlan plan = ScanPlanner.plan(fixture.archives, spec.filter(), spec.order(),
                ScanPlanner.Blooms.FROM_SIDECARS, 64 * 1024);
        assertTrue(plan.splits().size() > 2 * fixture.archives.size(), "several splits per archive: " + plan.splits().size());
        QueryExecutor executor = new QueryExecutor(new ExtensionRunner(stealAfter));
        Map<String, String> readBy = new TreeMap<>();
        List<String> rows = new ArrayList<>();
        QueryCollector collector = new QueryCollector(spec, plan.splits().size());
        try (RunningQuery query = executor.start("affinity", plan, spec, Optional.empty())) {
            while (query.hasNext()) {
                QueryEvent event = query.next();
                collector.accept(event);
                if (event instanceof QueryEvent.SplitFinished done) {
                    readBy.put(done.done().splitId(), done.done().readBy());
                }
            }
        }
        QueryResult result = collector.result(false);
        assertTrue(result.complete());
        for (QueryEvent.Row row : result.rows()) {
            rows.add(row.record().timestamp() + " " + row.record().id());
        }
        long count = result.aggregates().stream().mapToLong(a -> a.count()).sum();
        Map<String, ArchiveSplit> byId = plan.splits().stream().collect(Collectors.toMap(ArchiveSplit::splitId, Function.identity()));
        assertEquals(byId.keySet(), readBy.keySet(), "every planned split was read, once");
        assertTrue(readBy.values().stream().allMatch(java.util.Objects::nonNull), "each split names its reader");
        Map<String, String> byArchive = new TreeMap<>();
        for (var e : readBy.entrySet()) {
            String archive = byId.get(e.getKey()).archive();
            String before = byArchive.putIfAbsent(archive, e.getValue());
            if (before != null && !before.equals(e.getValue())) {
                byArchive.put(archive, "two TaskManagers"); // a shared split (stealing), or no affinity
            }
        }
        return new Run(byArchive, rows, count);
    }

    private static RecordFilter.Builder all() {
        return RecordFilter.builder().between(fixture.first(), fixture.last());
    }

    @Test
    void eachArchiveIsReadOnItsOwnerInEveryQuery() throws Exception {
        Duration patient = Duration.ofMinutes(1); // no stealing: the assignment is affinity's alone
        QuerySpec count = QuerySpec.aggregate(all().levels(List.of(Level.ERROR)).build(), new Aggregation.Count());
        QuerySpec newest = QuerySpec.records(all().build(), ScanOrder.DESC, 100_000);
        Run first = run(count, patient);
        Run second = run(count, patient);
        Run records = run(newest, patient);

        Set<String> taskManagers = new TreeSet<>(first.readBy().values());
        assertEquals(2, taskManagers.size(), "both TaskManagers read: " + first.readBy());
        assertEquals(first.readBy(), second.readBy(), "the same archive on the same TaskManager in the next query");
        assertEquals(first.readBy(), records.readBy(), "and in a records query");
        Map<String, String> owners = new HashMap<>();
        ScanPlan plan = ScanPlanner.plan(fixture.archives, count.filter(), count.order(), ScanPlanner.Blooms.FROM_SIDECARS);
        for (ArchiveSplit split : plan.splits()) {
            owners.put(split.archive(), Rendezvous.owner(Rendezvous.archiveKey(split), taskManagers));
        }
        assertEquals(new TreeMap<>(owners), first.readBy(), "read where rendezvous hashing puts each archive");

        long errors = fixture.lines.stream().filter(l -> l.level().equals("ERROR")).count();
        assertEquals(errors, first.count());
        assertEquals(errors, second.count());
        assertEquals(fixture.lines.size(), records.rows().size());
        List<Instant> times = fixture.lines.stream().map(ArchiveFixture.Line::ts).sorted((a, b) -> b.compareTo(a)).toList();
        assertEquals(times, records.rows().stream().map(r -> Instant.parse(r.substring(0, r.indexOf(' ')))).toList());
    }

    @Test
    void noReaderWaitsWhenStealingIsImmediate() throws Exception {
        // With no wait, a reader that owns nothing pending takes the head at once (and ownership is
        // decided over the readers located so far): every split is still read exactly once (checked
        // in run), and the answer is the same.
        QuerySpec newest = QuerySpec.records(all().levels(List.of(Level.ERROR)).build(), ScanOrder.DESC, 50);
        Run eager = run(QuerySpec.records(newest.filter(), ScanOrder.DESC, 100_000), Duration.ZERO);
        Run patient = run(QuerySpec.records(newest.filter(), ScanOrder.DESC, 100_000), Duration.ofMinutes(1));
        assertEquals(patient.rows(), eager.rows());
    }
}
