package dev.rewind.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile and docker-compose.yml at the repository root, checked without a Docker engine
 * (none runs where Rewind is built and tested): what would break {@code docker build} or
 * {@code docker compose up}, or leave the system up but not working. The second half breaks the
 * real files one way at a time and expects the check to say so, so a check that cannot fail shows.
 */
class DeploymentFilesTest {
    private static final Path ROOT = root();

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.isRegularFile(p.resolve("docker-compose.yml")) && Files.isRegularFile(p.resolve("pom.xml")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no repository root (docker-compose.yml beside pom.xml) above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    private static String read(String name) throws Exception {
        return Files.readString(ROOT.resolve(name));
    }

    private static List<String> dockerfileProblems(String dockerfile) throws Exception {
        return DockerfileChecks.problems(ROOT, dockerfile, read(".dockerignore"));
    }

    private static List<String> composeProblems(String compose) throws Exception {
        return ComposeChecks.problems(ROOT, compose, read("Dockerfile"), read(".dockerignore"));
    }

    @Test
    void dockerfileBuildsAndRunsWhatItCopies() throws Exception {
        List<String> problems = dockerfileProblems(read("Dockerfile"));
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void composeFileWiresRealServices() throws Exception {
        List<String> problems = composeProblems(read("docker-compose.yml"));
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void buildContextLeavesOutOutputsDependenciesAndSecrets() throws Exception {
        DockerIgnore ignore = DockerIgnore.parse(read(".dockerignore"));
        for (String out : List.of("query-frontend/target/rewind.jar", "target", "query-frontend/web/node_modules/react",
                "query-frontend/web/dist/index.html", "data/archives", "tokens", ".git/HEAD")) {
            assertTrue(ignore.excluded(out), out + " would be sent into the build context");
        }
        for (String in : List.of("pom.xml", "rewind", "query-frontend/src/main/java", "query-frontend/web/package.json")) {
            assertFalse(ignore.excluded(in), in + " is needed by the build and left out");
        }
    }

    // ---- each check fails on a broken file ----

    private static void dockerfileBreaks(String from, String to, String expected) throws Exception {
        String real = read("Dockerfile");
        assertTrue(real.contains(from), "the Dockerfile no longer contains '" + from + "'; update this test");
        List<String> problems = dockerfileProblems(real.replace(from, to));
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                () -> "replacing '" + from + "' by '" + to + "' should report '" + expected + "', got " + problems);
    }

    private static void composeBreaks(String from, String to, String expected) throws Exception {
        String real = read("docker-compose.yml");
        assertTrue(real.contains(from), "docker-compose.yml no longer contains '" + from + "'; update this test");
        List<String> problems = composeProblems(real.replace(from, to));
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                () -> "replacing '" + from + "' by '" + to + "' should report '" + expected + "', got " + problems);
    }

    @Test
    void aBrokenDockerfileIsReported() throws Exception {
        dockerfileBreaks("COPY --from=web ", "COPY --from=webapp ", "names no earlier stage");
        dockerfileBreaks("COPY connectors/src connectors/src", "COPY connector/src connectors/src", "does not exist");
        dockerfileBreaks("COPY connectors/src connectors/src", "COPY connectors/target connectors/src", "left out of the build context");
        dockerfileBreaks("/query-frontend/target/lib/", "/query-frontend/target/libs/", "writes no target/libs");
        dockerfileBreaks("-pl query-frontend -am package\n", "-pl query-frontend package\n", "does not build restoration-job");
        dockerfileBreaks("COPY benchmarks/pom.xml benchmarks/\n", "", "benchmarks/pom.xml is not copied in");
        dockerfileBreaks("COPY --from=web /src/query-frontend/web/dist query-frontend/web/dist\n", "", "without the dashboard");
        dockerfileBreaks("ENTRYPOINT [\"/opt/rewind/bin/rewind\"]", "ENTRYPOINT [\"/opt/rewind/rewind\"]", "does not copy in");
        dockerfileBreaks("REWIND_JAR=/opt/rewind/rewind.jar", "REWIND_JAR=/opt/rewind/app.jar", "does not copy in");
        dockerfileBreaks("FROM eclipse-temurin:17-jre-noble", "FROM eclipse-temurin:latest", "not pinned");
        dockerfileBreaks("FROM node:20-bookworm-slim AS web", "FROM node AS web", "not pinned");
        dockerfileBreaks("USER rewind\n", "", "runs as root");
        dockerfileBreaks("HEALTHCHECK ", "# HEALTHCHECK ", "no HEALTHCHECK");
    }

    @Test
    void aBrokenComposeFileIsReported() throws Exception {
        composeBreaks("\"--archives\", \"s3://rewind/archives\"", "\"--archive\", \"s3://rewind/archives\"", "rewind refuses it");
        composeBreaks("\"--token-file\", \"/run/secrets/rewind_tokens\",", "", "the server refuses to start");
        composeBreaks("      samples:\n        condition: service_completed_successfully",
                "      sample:\n        condition: service_completed_successfully", "names no service 'sample'");
        composeBreaks("  rewind-cache:\n", "", "'rewind-cache' is not declared");
        composeBreaks("\"127.0.0.1:9000:9000\"", "127.0.0.1:9000:9000:x", "is not a quoted");
        composeBreaks("ENABLE_BUILT_IN_PLUGINS: flink-s3-fs-presto-2.2.1.jar", "ENABLE_BUILT_IN_PLUGINS: flink-s3-fs-presto-2.2.0.jar",
                "does not name flink-s3-fs-presto-2.2.1.jar");
        composeBreaks("mc mirror --overwrite /samples/archives local/rewind/archives",
                "mc mirror --overwrite /samples/archives local/rewind/logs", "not rewind/archives");
        composeBreaks("\"--out\", \"/var/lib/rewind/samples/archives\"", "\"--out\", \"/var/lib/rewind/samples/other\"",
                "which no `rewind sample` service writes");
        composeBreaks("--kafka\", \"kafka:9092\"", "--kafka\", \"broker:9092\"", "no service of this file");
        composeBreaks("image: minio/minio:RELEASE.2025-09-07T16-13-09Z", "image: minio/minio", "not pinned");
        composeBreaks("    image: rewind:0.1.0\n    pull_policy: never\n    command: [\"sample\"",
                "    image: rewind:0.1.0\n    command: [\"sample\"", "without pull_policy: never");
        composeBreaks("${MINIO_ROOT_USER:-rewind}", "${MINIO_ROOT_USER:-rewind", "malformed interpolation");
        composeBreaks("\"$$MINIO_ROOT_USER\"", "\"$ MINIO_ROOT_USER\"", "a lone '$'");
        composeBreaks("depends_on:\n      kafka:\n        condition: service_healthy",
                "depends_on:\n      kafka:\n        condition: healthy", "is none of");
        composeBreaks("    healthcheck:\n      test: [\"CMD\", \"mc\", \"ready\", \"local\"]\n      interval: 5s\n      timeout: 5s\n      retries: 12\n",
                "", "minio has no healthcheck");
    }
}
