package dev.rewind.cli;

import static dev.rewind.cli.CliRun.rewind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.cli.CliRun.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --flink} ships {@code rewind-job.jar} with each job (a stock Flink has none of
 * Rewind's classes): a jar that is not there is an error at start, naming it.
 */
class ServeFlinkJarTest {
    @TempDir
    Path dir;

    @Test
    void aMissingJobJarIsAnErrorAtStart() {
        Path missing = dir.resolve("nowhere").resolve("rewind-job.jar");
        Result r = rewind("serve", "--archives", dir.toString(), "--flink", "http://127.0.0.1:9",
                "--job-jar", missing.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--job-jar " + missing), r.err());
    }

    @Test
    void aJobJarWithoutAClusterIsRefused() {
        Result r = rewind("serve", "--archives", dir.toString(), "--job-jar", dir.resolve("x.jar").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--job-jar is for --flink"), r.err());
    }
}
