package dev.rewind.job.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where {@code serve --flink} finds the job jar it ships, and the errors when it is missing. */
class JobJarTest {
    @Test
    void theBuiltJarIsFoundBesideTheModulesClasses() {
        Path found = JobJar.locate(null, JobJarTest.class); // target/test-classes → target/rewind-job.jar
        assertEquals(Path.of("target", JobJar.FILE_NAME).toAbsolutePath().normalize(), found);
    }

    @Test
    void aMissingJarIsAnErrorNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobJar.locate(Path.of("/no/such/rewind-job.jar"), JobJarTest.class));
        assertTrue(e.getMessage().contains("--job-jar /no/such/rewind-job.jar"), e.getMessage());
    }

    @Test
    void theRemoteRunnerRefusesAJarThatIsNotThere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RemoteJobRunner(URI.create("http://localhost:8081"), 2, "/no/such/rewind-job.jar"));
        assertTrue(e.getMessage().contains("/no/such/rewind-job.jar"), e.getMessage());
    }
}
