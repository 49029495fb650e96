package dev.rewind.bench.patterns;

import java.util.List;
import java.util.Map;

/**
 * Drain's published settings per Loghub set: the regular expressions, similarity threshold and
 * depth of the logparser benchmark (logpai/logparser, {@code logparser/Drain/benchmark.py}),
 * chosen by its authors for each set. Only the baseline uses them; Rewind's types have one
 * parameter set for every log.
 *
 * @param regexes replaced with {@code <*>} before tokenising, in order
 * @param published Drain's grouping accuracy on the set as the benchmark reports it
 */
record DrainSettings(List<String> regexes, double st, int depth, double published) {

    static final Map<String, DrainSettings> PUBLISHED = Map.of(
            "HDFS", new DrainSettings(List.of("blk_-?\\d+", "(\\d+\\.){3}\\d+(:\\d+)?"), 0.5, 4, 0.9975),
            "Hadoop", new DrainSettings(List.of("(\\d+\\.){3}\\d+"), 0.5, 4, 0.9475),
            "Spark", new DrainSettings(List.of("(\\d+\\.){3}\\d+", "\\b[KGTM]?B\\b", "([\\w-]+\\.){2,}[\\w-]+"), 0.5, 4, 0.92),
            "Zookeeper", new DrainSettings(List.of("(/|)(\\d+\\.){3}\\d+(:\\d+)?"), 0.5, 4, 0.9665),
            "BGL", new DrainSettings(List.of("core\\.\\d+"), 0.5, 4, 0.9625),
            "Apache", new DrainSettings(List.of("(\\d+\\.){3}\\d+"), 0.5, 4, 1.0),
            "OpenStack", new DrainSettings(List.of("((\\d+\\.){3}\\d+,?)+", "/.+?\\s", "\\d+"), 0.5, 5, 0.7325),
            "HPC", new DrainSettings(List.of("=\\d+"), 0.5, 4, 0.887));

    static DrainSettings of(String set) {
        DrainSettings settings = PUBLISHED.get(set);
        if (settings == null) {
            throw new IllegalArgumentException("no published Drain settings for '" + set + "'");
        }
        return settings;
    }
}
