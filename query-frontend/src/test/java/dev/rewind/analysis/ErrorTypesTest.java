package dev.rewind.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.catalog.DetailsCache;
import dev.rewind.catalog.SidecarPlacement;
import dev.rewind.connectors.pattern.TypeVariable;
import dev.rewind.connectors.record.Level;
import dev.rewind.job.query.Bucket;
import dev.rewind.sample.CodecMode;
import dev.rewind.sample.GroundTruth;
import dev.rewind.sample.Incident;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sixty days of `rewind sample` archives, read from their sidecars only: every generator template
 * of WARN and above is exactly one error type with the generator's count — the ones whose
 * variable is a word (a peer service, a topic, a cache node) included — each type expands into
 * its words with counts, ids do not depend on the range, spikes are named by the merged type, and
 * the patterns aggregate from sidecars says the same as the analysis.
 */
class ErrorTypesTest {
    private static final Set<Level> WARN_UP = EnumSet.of(Level.WARN, Level.ERROR, Level.FATAL);
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("2024-02-29T23:59:59.999Z");

    @TempDir
    static Path dir;
    static GroundTruth truth;
    static Catalog catalog;
    static DetailsCache details;

    @BeforeAll
    static void generate() throws Exception {
        Path archives = dir.resolve("archives");
        truth = new SampleGenerator(new SampleSpec(LocalDate.of(2024, 1, 1), 2, 800, 17, CodecMode.MIXED))
                .generate(archives, n -> { });
        CatalogHolder holder = new CatalogHolder(List.of(archives), new SidecarPlacement(null),
                CatalogHolder.Options.command());
        catalog = holder.awaitIndexed(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), java.time.Duration.ofHours(1));
        details = holder.details();
    }

    private static Map<String, Long> generated(LocalDate from, LocalDate to) {
        Map<String, Long> counts = new HashMap<>();
        truth.days().stream().filter(d -> !d.day().isBefore(from) && !d.day().isAfter(to))
                .forEach(d -> d.errorTemplates().forEach((t, n) -> counts.merge(t, n, Long::sum)));
        return counts;
    }

    @Test
    void everyGeneratorTemplateIsOneTypeWithItsExactCount() {
        ErrorReport report = ErrorAnalysis.analyse(catalog, details, START, END, Bucket.DAY, WARN_UP, null, 1000);
        Map<String, Long> found = report.types().stream()
                .collect(Collectors.toMap(ErrorReport.ErrorType::template, ErrorReport.ErrorType::count));
        Map<String, Long> generated = generated(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 29));
        assertEquals(generated, found);
        assertTrue(generated.keySet().stream().filter(t -> t.contains("to <*> after")).count() >= 1);
        assertEquals(report.types().size(), report.types().stream().map(ErrorReport.ErrorType::id).distinct().count());
    }

    @Test
    void aTypeExpandsIntoItsWordsWithCounts() {
        ErrorReport report = ErrorAnalysis.analyse(catalog, details, START, END, Bucket.DAY, WARN_UP, null, 1000);
        ErrorReport.ErrorType timeout = report.types().stream()
                .filter(t -> t.template().equals("Connection timeout to <*> after <*> ms")).findFirst().orElseThrow();
        assertEquals(1, timeout.variables().size(), "the number of milliseconds is masked, not listed");
        TypeVariable to = timeout.variables().get(0);
        assertEquals("to", to.label());
        assertEquals(3, to.position());
        assertEquals(Set.of("auth", "payments", "orders", "inventory", "search", "notifications", "api-gateway"),
                to.values().stream().map(TypeVariable.Value::value).collect(Collectors.toSet()));
        assertEquals(timeout.count(), to.values().stream().mapToLong(TypeVariable.Value::count).sum() + to.other());
        assertEquals(0, to.other(), "seven words, all listed");
        List<Long> counts = to.values().stream().map(TypeVariable.Value::count).toList();
        assertEquals(counts.stream().sorted(java.util.Comparator.reverseOrder()).toList(), counts, "most frequent first");
    }

    @Test
    void idsAndTextsDoNotDependOnTheRange() {
        Function<ErrorReport, Map<String, String>> ids = r -> r.types().stream()
                .collect(Collectors.toMap(ErrorReport.ErrorType::template, ErrorReport.ErrorType::id));
        Map<String, String> all = ids.apply(ErrorAnalysis.analyse(catalog, details, START, END, Bucket.DAY, WARN_UP, null, 1000));
        Instant hourStart = Instant.parse("2024-02-07T10:00:00Z");
        ErrorReport hour = ErrorAnalysis.analyse(catalog, details, hourStart, hourStart.plusSeconds(3599), Bucket.HOUR, WARN_UP,
                null, 1000);
        assertFalse(hour.types().isEmpty());
        ids.apply(hour).forEach((template, id) -> assertEquals(all.get(template), id, template));
        Map<String, Long> generated = generated(LocalDate.of(2024, 2, 7), LocalDate.of(2024, 2, 7));
        ErrorReport day = ErrorAnalysis.analyse(catalog, details, Instant.parse("2024-02-07T00:00:00Z"),
                Instant.parse("2024-02-07T23:59:59.999Z"), Bucket.HOUR, WARN_UP, null, 1000);
        assertEquals(generated, day.types().stream()
                .collect(Collectors.toMap(ErrorReport.ErrorType::template, ErrorReport.ErrorType::count)),
                "one day: the same types as the generator's, though the day shows only some of each variable's words");
        assertTrue(day.types().stream().noneMatch(ErrorReport.ErrorType::isNew) || day.types().stream()
                .filter(ErrorReport.ErrorType::isNew).allMatch(t -> truth.incidents().stream()
                        .anyMatch(i -> i.template().equals(t.template()))), "only an incident's type can be new");
    }

    @Test
    void spikesAreNamedByTheMergedType() {
        // Hourly buckets: a storm lasts one to three hours, and the small sample's days vary too much
        // (weekends) for a one-hour storm of 6% of a day to stand out in a daily series every time.
        ErrorReport report = ErrorAnalysis.analyse(catalog, details, START, END, Bucket.HOUR, EnumSet.of(Level.ERROR, Level.FATAL),
                null, 20);
        for (Incident incident : truth.incidents()) {
            Instant from = incident.day().atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(3600L * incident.startHour());
            Instant to = from.plusSeconds(3600L * incident.hours());
            ErrorReport.Spike spike = report.spikes().stream()
                    .filter(s -> !Instant.parse(s.bucket()).isBefore(from) && Instant.parse(s.bucket()).isBefore(to))
                    .findFirst().orElseThrow(() -> new AssertionError("no spike in " + incident + ": " + report.spikes()));
            assertEquals(incident.template(), spike.drivers().get(0).template(), "spike of " + incident);
            ErrorReport.ErrorType type = report.types().stream()
                    .filter(t -> t.template().equals(incident.template())).findFirst().orElseThrow();
            assertTrue(type.isNew(), type.template() + " is not logged before the range");
        }
        assertTrue(truth.incidents().stream().anyMatch(i -> i.template().startsWith("Circuit breaker open for upstream")),
                "a storm of a type whose variable is a word (the peer service): " + truth.incidents());
    }

    @Test
    void thePatternsAggregateFromSidecarsAgreesWithTheAnalysis() {
        ErrorReport report = ErrorAnalysis.analyse(catalog, details, START, END, Bucket.DAY, WARN_UP, null, 1000);
        List<SidecarPatterns.Pattern> patterns = SidecarPatterns.top(catalog.archives(), details, START, END, WARN_UP, 5);
        assertEquals(5, patterns.size());
        for (int i = 0; i < 5; i++) {
            ErrorReport.ErrorType type = report.types().get(i);
            SidecarPatterns.Pattern p = patterns.get(i);
            assertEquals(List.of(type.id(), type.template(), type.count(), type.variables()),
                    List.of(p.id(), p.template(), p.count(), p.variables()));
            assertTrue(!p.firstSeen().isBefore(START) && !p.lastSeen().isAfter(END) && p.sample() != null, p.toString());
        }
        List<SidecarPatterns.Pattern> errors = SidecarPatterns.top(catalog.archives(), details, START, END, EnumSet.of(Level.ERROR), 1000);
        assertTrue(errors.stream().allMatch(p -> p.level() == Level.ERROR));
        assertEquals(report.types().stream().filter(t -> t.level().equals("ERROR")).mapToLong(ErrorReport.ErrorType::count).sum(),
                errors.stream().mapToLong(SidecarPatterns.Pattern::count).sum(), "counts by level are exact");
        assertThrows(IllegalArgumentException.class, () -> SidecarPatterns.top(catalog.archives(), details, START, END, WARN_UP, 0));
    }

    @Test
    void sidecarsAnswerWholeHoursOfKeptLevelsWithoutOtherFilters() {
        assertTrue(SidecarPatterns.answers(START, END, EnumSet.of(Level.ERROR), false));
        assertTrue(SidecarPatterns.answers(START, Instant.parse("2024-01-01T05:59:59Z"), WARN_UP, false));
        assertFalse(SidecarPatterns.answers(START, END, EnumSet.of(Level.INFO, Level.ERROR), false), "INFO is not kept");
        assertFalse(SidecarPatterns.answers(START, END, EnumSet.noneOf(Level.class), false));
        assertFalse(SidecarPatterns.answers(START.plusSeconds(60), END, WARN_UP, false), "a part of an hour");
        assertFalse(SidecarPatterns.answers(START, Instant.parse("2024-01-01T05:30:00Z"), WARN_UP, false));
        assertFalse(SidecarPatterns.answers(START, END, WARN_UP, true), "a text or service filter");
    }
}
