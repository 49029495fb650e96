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
        dockerfileBreaks("FROM debian:bookworm-slim\n", "FROM debian:latest\n", "not pinned");
        dockerfileBreaks("FROM node:20-bookworm-slim AS web", "FROM node AS web", "not pinned");
        dockerfileBreaks("USER rewind\n", "", "runs as root");
        dockerfileBreaks("HEALTHCHECK ", "# HEALTHCHECK ", "no HEALTHCHECK");
        dockerfileBreaks("COPY query-frontend/src/build/rewind-health /opt/rewind/bin/rewind-health\n", "",
                "HEALTHCHECK runs /opt/rewind/bin/rewind-health, which the runtime stage does not copy in");
        dockerfileBreaks("CMD [\"/opt/rewind/bin/rewind-health\", \"8000\"]",
                "CMD [\"curl\", \"-fsS\", \"http://127.0.0.1:8000/api/health\"]", "HEALTHCHECK runs curl, which the runtime stage does not install");
    }

    @Test
    void aBrokenJavaRuntimeIsReported() throws Exception {
        dockerfileBreaks("COPY --from=jre /opt/java /opt/java", "", "has no Java");
        dockerfileBreaks("COPY --from=jre /opt/java /opt/java", "COPY --from=jre /opt/jdk /opt/java", "writes the runtime to /opt/java");
        dockerfileBreaks("PATH=/opt/java/bin:/opt/rewind/bin:$PATH", "PATH=/opt/rewind/bin:$PATH", "PATH does not lead to the jlinked runtime");
        dockerfileBreaks("FROM debian:bookworm-slim AS jre", "FROM debian:trixie-slim AS jre", "is not the jlink stage's");
        dockerfileBreaks("apt-get install -y --no-install-recommends openjdk-17-jdk-headless",
                "apt-get install -y --no-install-recommends openjdk-17-jre-headless", "no JDK with jmods");
        dockerfileBreaks("COPY query-frontend/src/build/jlink-modules.txt query-frontend/src/build/jlink-runtime.sh /build/",
                "COPY query-frontend/src/build/jlink-runtime.sh /build/", "jlink-modules.txt is not copied in");
        dockerfileBreaks("fontconfig fonts-dejavu-core ", "fontconfig ", "not fontconfig and a fonts-* package");
    }

    /** The module list the image's jlink reads names modules this JDK has, java.base among them. */
    @Test
    void jlinkModulesAreModulesOfThisJdk() throws Exception {
        List<String> modules = JavaRuntimeChecks.parseModules(read("query-frontend/src/build/jlink-modules.txt"));
        assertTrue(modules.containsAll(List.of("java.base", "java.desktop", "jdk.unsupported", "java.sql", "jdk.crypto.ec")),
                () -> "jlink-modules.txt: " + modules);
        for (String m : modules) {
            assertTrue(java.lang.module.ModuleFinder.ofSystem().find(m).isPresent(), m + " is no module of this JDK");
        }
        String real = read("Dockerfile");
        String typo = "jdk.unsuported";
        Path list = Files.createTempDirectory("jlink-modules");
        Files.createDirectories(list.resolve("query-frontend/src/build"));
        Files.writeString(list.resolve("query-frontend/src/build/jlink-modules.txt"),
                read("query-frontend/src/build/jlink-modules.txt").replace("jdk.unsupported", typo));
        List<String> problems = JavaRuntimeChecks.problems(list, DockerfileModel.parse(real));
        assertTrue(problems.stream().anyMatch(p -> p.contains("'" + typo + "' is no module")), () -> problems.toString());
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
