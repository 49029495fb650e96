package dev.rewind.job.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.connectors.source.plan.ScanPlan;
import dev.rewind.connectors.source.plan.ScanPlanner;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.job.query.QuerySpec;
import dev.rewind.job.results.ResultFile;
import dev.rewind.job.results.ResultSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The result sink on a real MiniCluster: the same query answered through result files (small
 * runs, so each split makes several sorted files and the merge has work) and through the collect
 * path gives the same rows, with the same origins, in the same order.
 */
class ResultFilesJobTest {
    @TempDir
    static Path dir;

    static EmbeddedJobRunner runner;
    static QueryExecutor executor;
    static ArchiveFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        runner = EmbeddedJobRunner.start(0, 2);
        executor = new QueryExecutor(runner);
        fixture = new ArchiveFixture(dir.resolve("archives"), 9, 3000);
    }

    @AfterAll
    static void stop() throws Exception {
        runner.close();
    }

    private record Run(QueryResult result, List<ResultFile> files) {
    }

    private static Run run(QuerySpec spec, Optional<ResultSink> sink) throws Exception {
        ScanPlan plan = ScanPlanner.plan(fixture.archives, spec.filter(), spec.order(), ScanPlanner.Blooms.FROM_SIDECARS,
                64 * 1024);
        QueryCollector collector = new QueryCollector(spec, plan.splits().size());
        QueryResult result = collector.drain(executor.start("test", plan, spec, Optional.empty(), sink));
        return new Run(result, collector.files());
    }

    private static void same(QuerySpec spec, String name) throws Exception {
        Path folder = dir.resolve("results-" + name);
        Run collected = run(spec, Optional.empty());
        Run filed = run(spec, Optional.of(new ResultSink(StoragePath.of(folder), 16 * 1024)));
        assertTrue(collected.files().isEmpty(), "the collect path writes no file");
        assertFalse(filed.files().isEmpty(), name + ": the rows went to result files");
        try (Stream<Path> written = Files.list(folder)) {
            assertEquals(filed.files().size(), written.count(), "one manifest per file written");
        }
        assertTrue(filed.files().stream().mapToLong(ResultFile::rows).sum() >= filed.result().rows().size());
        assertEquals(collected.result().rows(), filed.result().rows(), name + ": the same rows, origins and order");
        assertEquals(collected.result().complete(), filed.result().complete());
        assertEquals(collected.result().splitsDone(), filed.result().splitsDone());
    }

    private static RecordFilter.Builder all() {
        return RecordFilter.builder().between(fixture.first(), fixture.last());
    }

    @Test
    void newestFirstWithLimit() throws Exception {
        same(QuerySpec.records(all().levels(List.of(Level.ERROR, Level.WARN)).build(), ScanOrder.DESC, 501), "desc");
    }

    @Test
    void oldestFirstWholeRange() throws Exception {
        same(QuerySpec.records(all().build(), ScanOrder.ASC, 100_000), "asc");
    }

    @Test
    void textSearch() throws Exception {
        same(QuerySpec.records(all().text(ArchiveFixture.NEEDLE).build(), ScanOrder.DESC, 1000), "text");
    }
}
