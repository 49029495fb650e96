package dev.rewind.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.HourAggregate;
import dev.rewind.connectors.archive.format.Sidecar;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.archive.format.TemplateInfo;
import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.codec.FrameDecoders;
import dev.rewind.connectors.codec.FrameListener;
import dev.rewind.connectors.pattern.TypeMiner;
import dev.rewind.connectors.pattern.TypeMining;
import dev.rewind.connectors.record.Level;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One month of sample archives, checked the way the rest of Rewind sees them: through the sidecar
 * indexes the real archive writer built, compared with the generator's own ground truth.
 */
class GeneratedArchivesTest {
    static final SampleSpec SPEC = new SampleSpec(LocalDate.of(2024, 3, 1), 1, 2_000, 7, CodecMode.MIXED);

    @TempDir
    static Path dir;
    static GroundTruth truth;
    static List<Integer> progress = new ArrayList<>();
    /** Each day's sidecar, in day order. */
    static List<SidecarIndex> sidecars = new ArrayList<>();
    static List<Sidecar> whole = new ArrayList<>();

    @BeforeAll
    static void generate() throws IOException {
        truth = new SampleGenerator(SPEC).generate(dir, progress::add);
        for (DayTruth day : truth.days()) {
            Path archive = archiveOf(day.day());
            Sidecar read = ArchiveFiles.readAll(archive, ArchiveFiles.sidecarBeside(archive));
            sidecars.add(read.index());
            whole.add(read);
        }
    }

    static Path archiveOf(LocalDate day) throws IOException {
        try (var files = Files.list(dir.resolve("dt=" + day))) {
            List<Path> archives = files.filter(f -> !ArchiveFiles.isSidecar(f)).toList();
            assertEquals(1, archives.size(), "one archive per day directory: " + archives);
            return archives.get(0);
        }
    }

    @Test
    void writesEveryDayOfTheRangeAndReportsProgress() {
        assertEquals(31, truth.days().size());
        assertEquals(SPEC.start(), truth.days().get(0).day());
        assertEquals(LocalDate.of(2024, 3, 31), truth.days().get(30).day());
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= 31; i++) {
            expected.add(i);
        }
        assertEquals(expected, progress);
    }

    @Test
    void sidecarLevelCountsEqualGroundTruthPerDayAndInTotal() {
        Map<Level, Long> indexedTotal = new EnumMap<>(Level.class);
        for (int i = 0; i < sidecars.size(); i++) {
            DayTruth day = truth.days().get(i);
            SidecarIndex index = sidecars.get(i);
            for (Level level : Level.values()) {
                assertEquals(day.count(level), index.summary().levels().get(level), day.day() + " " + level);
                indexedTotal.merge(level, index.summary().levels().get(level), Long::sum);
            }
            assertEquals(day.lines(), index.summary().lines(), day.day() + " lines");
            assertEquals(0, index.summary().unparsed(), day.day() + " unparsed lines");
        }
        for (Level level : Level.values()) {
            assertEquals(truth.totalLevels().getOrDefault(level, 0L), indexedTotal.get(level), "total " + level);
        }
        long lines = truth.totalLevels().values().stream().mapToLong(Long::longValue).sum();
        assertTrue(lines > 31 * 2_000 * 0.95 && lines < 31 * 2_000 * 1.2, "about 2,000 lines a day, was " + lines);
    }

    @Test
    void templatesTheIndexerMinesAreTheGeneratorsTemplates() {
        // Types are mined over the shapes of every archive (a word-valued variable needs its distinct
        // words, and one small day may show only three topics), then counted per day.
        TypeMiner miner = new TypeMiner();
        whole.forEach(sidecar -> sidecar.details().templates().forEach(t -> miner.add(t.template(), t.count())));
        TypeMining types = miner.mine();
        for (int i = 0; i < sidecars.size(); i++) {
            Map<String, Long> mined = new HashMap<>();
            for (TemplateInfo t : whole.get(i).details().templates()) {
                mined.merge(types.typeOf(t.template()).text(), t.count(), Long::sum);
            }
            assertEquals(truth.days().get(i).errorTemplates(), mined, truth.days().get(i).day().toString());
        }
    }

    @Test
    void mixedModeRotatesAllThreeCodecs() {
        Set<Codec> seen = EnumSet.noneOf(Codec.class);
        for (int i = 0; i < sidecars.size(); i++) {
            Codec codec = sidecars.get(i).summary().codec();
            seen.add(codec);
            assertEquals(SPEC.codecs().codecFor(i), codec, "day " + i);
        }
        assertEquals(EnumSet.of(Codec.GZIP, Codec.ZSTD, Codec.LZ4), seen);
    }

    @Test
    void incidentsAreSpreadOverTheRangeAfterTheFirstWeekWithTheirOwnTemplates() {
        List<Incident> incidents = truth.incidents();
        assertTrue(incidents.size() >= 4 && incidents.size() <= 6, "incidents: " + incidents);
        Set<String> templates = new HashSet<>();
        Set<LocalDate> days = new HashSet<>();
        for (Incident incident : incidents) {
            assertTrue(incident.day().isAfter(SPEC.start().plusDays(6)), "in the first week: " + incident);
            assertTrue(!incident.day().isAfter(SPEC.end()), "after the range: " + incident);
            assertTrue(incident.hours() >= 1 && incident.hours() <= 3, incident.toString());
            assertTrue(incident.startHour() >= 0 && incident.startHour() + incident.hours() <= 24, incident.toString());
            templates.add(incident.template());
            days.add(incident.day());
        }
        assertEquals(incidents.size(), templates.size(), "each incident has a distinct template");
        assertEquals(incidents.size(), days.size(), "each incident has its own day");
    }

    @Test
    void incidentDaysStandOutAndTheirTemplateOccursOnNoOtherDay() {
        long[] errors = sidecars.stream().mapToLong(s -> s.summary().levels().get(Level.ERROR)).sorted().toArray();
        long median = errors[errors.length / 2];
        Map<String, LocalDate> incidentDayOf = new HashMap<>();
        truth.incidents().forEach(i -> incidentDayOf.put(i.template(), i.day()));
        for (Incident incident : truth.incidents()) {
            Sidecar index = whole.get((int) (incident.day().toEpochDay() - SPEC.start().toEpochDay()));
            long dayErrors = index.index().summary().levels().get(Level.ERROR);
            assertTrue(dayErrors > 1.3 * median, incident + ": " + dayErrors + " errors vs median " + median);
            long stormLines = index.details().templates().stream().filter(t -> t.template().equals(incident.template()))
                    .mapToLong(TemplateInfo::count).sum();
            assertEquals(incident.lines(), stormLines, "storm lines of " + incident);
            assertTrue(index.index().summary().services().contains(incident.service()));
            int template = index.details().templates().indexOf(index.details().templates().stream()
                    .filter(t -> t.template().equals(incident.template())).findFirst().orElseThrow());
            long inside = 0;
            long outside = 0;
            for (HourAggregate hour : index.details().hours()) {
                int h = hour.hour().atZone(ZoneOffset.UTC).getHour();
                long n = hour.templates().stream().filter(t -> t.template() == template)
                        .mapToLong(HourAggregate.TemplateCount::count).sum();
                if (h >= incident.startHour() && h < incident.startHour() + incident.hours()) {
                    inside += n;
                } else {
                    outside += n;
                }
            }
            assertEquals(incident.lines(), inside, "storm lines inside its hours: " + incident);
            assertEquals(0, outside, "storm lines outside its hours: " + incident);
        }
        for (int i = 0; i < sidecars.size(); i++) {
            LocalDate day = truth.days().get(i).day();
            for (TemplateInfo t : whole.get(i).details().templates()) {
                LocalDate only = incidentDayOf.get(t.template());
                assertTrue(only == null || only.equals(day), t.template() + " on " + day + ", not only on " + only);
            }
            for (String template : truth.days().get(i).errorTemplates().keySet()) {
                LocalDate only = incidentDayOf.get(template);
                assertTrue(only == null || only.equals(day), "ground truth: " + template + " on " + day);
            }
        }
    }

    @Test
    void groundTruthFileRoundTrips(@TempDir Path other) throws IOException {
        GroundTruth read = GroundTruth.read(dir.resolve(SampleGenerator.GROUND_TRUTH_FILE));
        assertEquals(truth, read);
        Path copy = other.resolve("copy.json");
        read.write(copy);
        assertEquals(truth, GroundTruth.read(copy));
        assertArrayEquals(Files.readAllBytes(dir.resolve(SampleGenerator.GROUND_TRUTH_FILE)), Files.readAllBytes(copy));
    }

    @Test
    void anArchiveHoldsExactlyTheLinesWriteDayStreams() throws IOException {
        LocalDate day = truth.incidents().get(0).day();
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        DayTruth dayTruth = new SampleGenerator(SPEC).writeDay(day, streamed);
        Path archive = archiveOf(day);
        byte[] decoded;
        try (InputStream in = FrameDecoders.open(Codec.detect(archive), Files.newInputStream(archive), 0,
                archive.toString(), FrameListener.NONE)) {
            decoded = in.readAllBytes();
        }
        assertArrayEquals(streamed.toByteArray(), decoded);
        assertEquals(truth.days().get((int) (day.toEpochDay() - SPEC.start().toEpochDay())), dayTruth);
    }
}
