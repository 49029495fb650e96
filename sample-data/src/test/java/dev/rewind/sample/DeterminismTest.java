package dev.rewind.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixtures and benchmarks rely on a seed reproducing the same bytes, on any machine and thread count. */
class DeterminismTest {
    static final SampleSpec SPEC = new SampleSpec(LocalDate.of(2024, 1, 1), 1, 500, 11, CodecMode.MIXED);

    @Test
    void sameSeedGivesByteIdenticalArchives(@TempDir Path a, @TempDir Path b) throws IOException {
        new SampleGenerator(SPEC).generate(a, null);
        new SampleGenerator(SPEC).generate(b, null);
        List<Path> archives = archives(a);
        assertEquals(31, archives.size());
        assertEquals(archives, archives(b));
        for (Path relative : archives) {
            assertArrayEquals(Files.readAllBytes(a.resolve(relative)), Files.readAllBytes(b.resolve(relative)),
                    relative.toString());
        }
        assertArrayEquals(Files.readAllBytes(a.resolve(SampleGenerator.GROUND_TRUTH_FILE)),
                Files.readAllBytes(b.resolve(SampleGenerator.GROUND_TRUTH_FILE)));
    }

    @Test
    void anotherSeedGivesOtherArchives(@TempDir Path a, @TempDir Path b) throws IOException {
        GroundTruth first = new SampleGenerator(SPEC).generate(a, null);
        SampleSpec other = new SampleSpec(SPEC.start(), SPEC.months(), SPEC.linesPerDay(), 12, SPEC.codecs());
        GroundTruth second = new SampleGenerator(other).generate(b, null);
        for (Path relative : archives(a)) {
            assertFalse(Arrays.equals(Files.readAllBytes(a.resolve(relative)), Files.readAllBytes(b.resolve(relative))),
                    relative + " is the same for seeds 11 and 12");
        }
        assertNotEquals(first.incidents(), second.incidents());
    }

    @Test
    void aDayDoesNotDependOnTheDaysWrittenBeforeIt() throws IOException {
        LocalDate day = SPEC.start().plusDays(20);
        ByteArrayOutputStream alone = new ByteArrayOutputStream();
        new SampleGenerator(SPEC).writeDay(day, alone);
        SampleGenerator busy = new SampleGenerator(SPEC);
        busy.writeDay(day.minusDays(1), new ByteArrayOutputStream());
        ByteArrayOutputStream afterAnother = new ByteArrayOutputStream();
        busy.writeDay(day, afterAnother);
        assertArrayEquals(alone.toByteArray(), afterAnother.toByteArray());
    }

    private static List<Path> archives(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals(SampleGenerator.GROUND_TRUTH_FILE))
                    .filter(f -> !f.getFileName().toString().endsWith(".idx"))
                    .map(dir::relativize).sorted().toList();
        }
    }
}
