package dev.rewind.job.runner;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds {@code rewind-job.jar}, the job jar a Flink cluster needs to run Rewind's jobs: a stock
 * cluster has none of Rewind's classes, so every job submitted to it ships this jar. Built by
 * {@code mvn package} at {@code restoration-job/target/rewind-job.jar}.
 */
public final class JobJar {
    public static final String FILE_NAME = "rewind-job.jar";

    private JobJar() {
    }

    /**
     * The jar given, or else the first found of: beside the jar (or classes folder) {@code anchor}
     * was loaded from, {@code restoration-job/target} of the checkout that jar sits in
     * ({@code query-frontend/target/rewind.jar} → {@code restoration-job/target/rewind-job.jar}),
     * and {@code restoration-job/target} under the working directory.
     *
     * @param given  {@code --job-jar}, or null to look for it
     * @param anchor a class of the running program
     * @throws IllegalArgumentException naming where it was looked for and how to get it
     */
    public static Path locate(Path given, Class<?> anchor) {
        if (given != null) {
            if (!Files.isRegularFile(given)) {
                throw new IllegalArgumentException("--job-jar " + given + " is not a file: give the path of "
                        + FILE_NAME + " (built by `mvn package` into restoration-job/target/)");
            }
            return given.toAbsolutePath().normalize();
        }
        List<Path> candidates = new ArrayList<>();
        Path home = codeLocation(anchor);
        if (home != null) {
            Path folder = home.getParent(); // target/classes or target/rewind.jar → target
            if (folder != null) {
                candidates.add(folder.resolve(FILE_NAME));
                Path module = folder.getParent(); // <checkout>/<module>
                if (module != null && module.getParent() != null) {
                    candidates.add(module.getParent().resolve("restoration-job").resolve("target").resolve(FILE_NAME));
                }
            }
        }
        candidates.add(Path.of("restoration-job", "target", FILE_NAME).toAbsolutePath());
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate.normalize();
            }
        }
        throw new IllegalArgumentException("the job jar " + FILE_NAME + " was not found (looked at "
                + candidates.stream().map(p -> p.normalize().toString()).distinct().toList()
                + "); a Flink cluster has none of Rewind's classes, so jobs must ship it: build it with "
                + "`mvn -pl restoration-job -am package -DskipTests`, or give --job-jar PATH");
    }

    private static Path codeLocation(Class<?> anchor) {
        try {
            var source = anchor.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
