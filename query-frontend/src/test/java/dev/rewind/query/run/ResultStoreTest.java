package dev.rewind.query.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.storage.StoragePath;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** When records go to result files, and when they are collected. */
class ResultStoreTest {
    private static final ResultStore.ResultSettings SETTINGS = ResultStore.ResultSettings.DEFAULTS.withThreshold(1000);

    @Test
    void embeddedJobsWriteFilesPastTheThreshold() {
        ResultStore local = new ResultStore(StoragePath.of(Path.of("/tmp/rewind-results")), SETTINGS);
        assertFalse(local.wants(999, false));
        assertTrue(local.wants(1000, false));
    }

    @Test
    void aClusterWritesFilesOnlyWhereThisProcessAndItsTaskManagersBothReach() {
        ResultStore bucket = new ResultStore(StoragePath.of("s3://results/rewind"), SETTINGS);
        assertTrue(bucket.wants(1, true), "on a cluster, every records job, however small");
        ResultStore local = new ResultStore(StoragePath.of(Path.of("/tmp/rewind-results")), SETTINGS);
        assertFalse(local.wants(1 << 30, true), "a local folder is this host's: a TaskManager elsewhere would write "
                + "where nobody reads, so its rows are collected");
    }
}
