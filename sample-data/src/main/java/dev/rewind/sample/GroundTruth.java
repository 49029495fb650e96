package dev.rewind.sample;

import dev.rewind.connectors.record.Level;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a sample run wrote, as counted by the generator: the spec, each day's counts (in day
 * order) and the incidents. Stored as {@code ground-truth.json} beside the archives so tests and
 * benchmarks can check the indexer and the query engine against numbers they did not compute.
 */
public record GroundTruth(SampleSpec spec, List<DayTruth> days, List<Incident> incidents) {

    public GroundTruth {
        days = List.copyOf(days);
        incidents = List.copyOf(incidents);
    }

    /**
     * Reads a {@code ground-truth.json} written by {@link #write}.
     *
     * @throws IOException naming the file and the field when it is not a ground truth file
     */
    public static GroundTruth read(Path file) throws IOException {
        return GroundTruthJson.read(file);
    }

    /** Writes this as JSON to {@code file}; the file appears complete or not at all. */
    public void write(Path file) throws IOException {
        GroundTruthJson.write(this, file);
    }

    /** Lines per level over all days. */
    public Map<Level, Long> totalLevels() {
        EnumMap<Level, Long> total = new EnumMap<>(Level.class);
        for (DayTruth day : days) {
            day.levels().forEach((level, n) -> total.merge(level, n, Long::sum));
        }
        return Collections.unmodifiableMap(total);
    }
}
