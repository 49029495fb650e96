package dev.rewind.bench.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.record.LineHash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The soak's own arithmetic: cutting, needles, the word count, the bounds while the store changes, memory windows. */
class SoakHelpersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate D1 = LocalDate.of(2024, 1, 1);
    private static final LocalDate D2 = LocalDate.of(2024, 1, 2);
    private static final LocalDate D3 = LocalDate.of(2024, 1, 3);
    private static final Instant T0 = Instant.parse("2024-07-01T00:00:00Z");

    @Test
    void piecesEndAtLineEndsAndPutTheBytesBackTogether() {
        byte[] raw = "aaaa\nbb\ncccccccc\nd\neeeee\n".getBytes(StandardCharsets.UTF_8);
        List<byte[]> pieces = SoakCorpus.cutAtLineEnds(raw, 3);
        assertEquals(3, pieces.size());
        StringBuilder joined = new StringBuilder();
        for (byte[] p : pieces) {
            String s = new String(p, StandardCharsets.UTF_8);
            assertTrue(s.isEmpty() || s.endsWith("\n"), "a piece ends at a line end: " + s);
            joined.append(s);
        }
        assertEquals(new String(raw, StandardCharsets.UTF_8), joined.toString());
        assertEquals(List.of("aaaa\nbb\n", "cccccccc\n", "d\neeeee\n"),
                pieces.stream().map(p -> new String(p, StandardCharsets.UTF_8)).toList());
    }

    @Test
    void oneLongLineLeavesTheLaterPiecesEmptyRatherThanCuttingIt() {
        List<byte[]> pieces = SoakCorpus.cutAtLineEnds("0123456789\n".getBytes(StandardCharsets.UTF_8), 4);
        assertEquals(List.of(11, 0, 0, 0), pieces.stream().map(p -> p.length).toList());
    }

    @Test
    void needlesGoToDistinctFilesFixedByTheSeed() {
        List<Integer> a = Needle.chooseFiles(1456, 5, 42);
        assertEquals(a, Needle.chooseFiles(1456, 5, 42));
        assertEquals(5, Set.copyOf(a).size());
        assertTrue(a.stream().allMatch(i -> i >= 0 && i < 1456));
        assertEquals(List.of(0, 1, 2), Needle.chooseFiles(3, 3, 7));
    }

    @Test
    void aNeedleIsOneNdjsonLineInsideItsDayWithAUniqueTokenAndTheIdRewindGivesIt() throws Exception {
        LocalDate day = LocalDate.of(2024, 3, 5);
        Needle n = Needle.plant("dt=2024-03-05/part-03.ndjson.lz4", day, new Random(1));
        var line = JSON.readTree(n.line());
        assertEquals(n.timestamp(), Instant.parse(line.get("timestamp").asText()));
        assertEquals(day, n.timestamp().atZone(java.time.ZoneOffset.UTC).toLocalDate());
        assertEquals("INFO", line.get("level").asText());
        assertTrue(n.message().contains(n.token()));
        assertTrue(n.token().matches("soakneedle[0-9a-f]{16}"), "one word for a token search: " + n.token());
        assertFalse(n.line().contains("\n"));
        byte[] bytes = n.line().getBytes(StandardCharsets.UTF_8);
        assertEquals(LineHash.idOf(bytes, 0, bytes.length), n.id());
        assertFalse(n.token().equals(Needle.plant("x", day, new Random(2)).token()));
    }

    @Test
    void theWordCountIsGrepCiw() {
        TokenLines timeout = new TokenLines("timeout");
        byte[] text = ("read timeout after 3s\n" // yes
                + "TIMEOUT: upstream\n"          // yes, any case
                + "timeouts piled up\n"          // no: a longer word
                + "ReadTimeout in pool\n"        // no: inside a word
                + "{\"error\":\"timeout\"}\n"    // yes: quotes are boundaries
                + "timeout_ms=5\n"               // no: '_' is a word byte
                + "conn timeout timeout\n"       // yes, once per line
                + "last timeout").getBytes(StandardCharsets.UTF_8); // yes, without a final newline
        assertEquals(5, timeout.count(text, text.length));
        assertEquals(0, timeout.count(text, 0));
    }

    private static Expectations twoDays() {
        Map<LocalDate, DayCounts> base = new TreeMap<>();
        base.put(D1, new DayCounts(Map.of(Level.ERROR, 10L, Level.INFO, 100L), Map.of("db <*> down", 4L), 2));
        base.put(D2, new DayCounts(Map.of(Level.ERROR, 20L, Level.INFO, 200L), Map.of("db <*> down", 6L), 3));
        base.put(D3, new DayCounts(Map.of(Level.ERROR, 30L), Map.of(), 0));
        return new Expectations(base);
    }

    @Test
    void anAddedFileCountsFromWhenItIsListedAndMayCountFromWhenItIsWritten() {
        Expectations e = twoDays();
        assertEquals(new Expectations.Bounds(30, 30), e.level(D1, D2, Level.ERROR, T0, T0.plusSeconds(1)));
        Expectations.Addition a = e.added("dt=2024-01-02/added-2.ndjson.zst", D2,
                new DayCounts(Map.of(Level.ERROR, 5L), Map.of("db <*> down", 1L, "new <*>", 2L), 1), T0.plusSeconds(10));
        // asked before it was written: not in the answer
        assertEquals(new Expectations.Bounds(30, 30), e.level(D1, D2, Level.ERROR, T0, T0.plusSeconds(5)));
        // answered after it was written, not yet listed: either
        assertEquals(new Expectations.Bounds(30, 35), e.level(D1, D2, Level.ERROR, T0.plusSeconds(11), T0.plusSeconds(12)));
        a.listed = T0.plusSeconds(15);
        assertEquals(new Expectations.Bounds(30, 35), e.level(D1, D2, Level.ERROR, T0.plusSeconds(14), T0.plusSeconds(16)));
        // asked after it was listed: in the answer
        assertEquals(new Expectations.Bounds(35, 35), e.level(D1, D2, Level.ERROR, T0.plusSeconds(16), T0.plusSeconds(17)));
        assertEquals(new Expectations.Bounds(30, 30), e.level(D3, D3, Level.ERROR, T0.plusSeconds(16), T0.plusSeconds(17)));
        assertEquals(new Expectations.Bounds(6, 6), e.text(D1, D2, T0.plusSeconds(16), T0.plusSeconds(17)));
        assertEquals(new Expectations.Bounds(11, 11), e.template(D1, D2, "db <*> down", T0.plusSeconds(16), T0.plusSeconds(17)));
        assertEquals(Set.of("db <*> down", "new <*>"), e.templates(D1, D3, T0.plusSeconds(16)));
        assertEquals(Set.of("db <*> down"), e.templates(D1, D3, T0.plusSeconds(9)));
    }

    @Test
    void aDamagedFileIsInForceWhenFlaggedOrAfterTheGraceUntilItIsRemoved() {
        Expectations e = twoDays();
        e.settledAt(T0);
        Instant written = T0.plusSeconds(100);
        Expectations.Damage d = e.damaged("damaged-1/dt=2024-01-02/part-01.ndjson.gz", D2, "cut", written);
        assertTrue(e.inForce(D1, D3, written.plusSeconds(5), written.plusSeconds(6)).isEmpty(), "not noticed yet");
        assertTrue(e.damageInTransition(D1, D1, written.plusSeconds(5), written.plusSeconds(6)), "D1 is next door");
        assertFalse(e.settled(D1, D3, written.plusSeconds(5), written.plusSeconds(6)));
        assertEquals(List.of(d), e.inForce(D1, D3, written.plus(Expectations.NOTICE_GRACE), written.plusSeconds(40)),
                "in force after the grace even if never flagged");
        d.noticed = written.plusSeconds(8);
        assertEquals(List.of(d), e.inForce(D2, D2, written.plusSeconds(9), written.plusSeconds(10)));
        assertTrue(e.inForce(D3, D3, written.plusSeconds(9), written.plusSeconds(10)).isEmpty(), "another day");
        assertTrue(e.damageInTransition(D3, D3, written.plusSeconds(9), written.plusSeconds(10)),
                "the day after: a file that cannot be read is warned about for the days either side of its path date");
        LocalDate twoAway = D2.plusDays(2);
        assertFalse(e.damageInTransition(twoAway, twoAway, written.plusSeconds(9), written.plusSeconds(10)));
        Instant removed = written.plusSeconds(300);
        d.removed = removed;
        assertTrue(e.inForce(D2, D2, removed.plusSeconds(1), removed.plusSeconds(2)).isEmpty());
        assertTrue(e.damageInTransition(D2, D2, removed.plusSeconds(1), removed.plusSeconds(2)), "going out");
        assertTrue(e.goneBefore(removed.plusSeconds(1)).isEmpty());
        Instant later = removed.plus(Expectations.NOTICE_GRACE).plusSeconds(1);
        assertEquals(List.of(d), e.goneBefore(later));
        assertFalse(e.damageInTransition(D1, D3, later, later.plusSeconds(1)));
        assertFalse(e.damageInTransition(D3, D3, later, later.plusSeconds(1)));
        assertTrue(e.settled(D1, D3, later, later.plusSeconds(1)));
    }

    @Test
    void nothingIsSettledBeforeStartUpIndexingIsOverAndCursorsMayBeRefusedThen() {
        Expectations e = twoDays();
        assertFalse(e.settled(D1, D3, T0, T0.plusSeconds(1)));
        assertTrue(e.catalogChanged(T0, T0.plusSeconds(1)));
        e.settledAt(T0);
        e.settledAt(T0.plusSeconds(50)); // the first time counts
        assertEquals(T0, e.settled());
        assertTrue(e.settled(D1, D3, T0.plusSeconds(1), T0.plusSeconds(2)));
        assertFalse(e.catalogChanged(T0.plusSeconds(1), T0.plusSeconds(2)));
        Expectations.Addition a = e.added("dt=2024-01-01/copy-1-part-00.ndjson.gz", D1, DayCounts.NONE, T0.plusSeconds(100));
        assertTrue(e.catalogChanged(T0.plusSeconds(90), T0.plusSeconds(101)));
        assertFalse(e.settled(D1, D1, T0.plusSeconds(101), T0.plusSeconds(102)));
        a.listed = T0.plusSeconds(104);
        assertTrue(e.settled(D1, D1, T0.plusSeconds(105), T0.plusSeconds(106)));
        assertTrue(e.catalogChanged(T0.plusSeconds(105), T0.plusSeconds(106)), "within the grace after it was listed");
        assertFalse(e.catalogChanged(T0.plusSeconds(200), T0.plusSeconds(201)));
    }

    @Test
    void thePickerMeetsEveryKindFirstThenFollowsTheWeights() {
        LoadKind.Picker p = new LoadKind.Picker(42);
        EnumSet<LoadKind> first = EnumSet.noneOf(LoadKind.class);
        for (int i = 0; i < LoadKind.values().length; i++) {
            first.add(p.next());
        }
        assertEquals(EnumSet.allOf(LoadKind.class), first);
        int[] seen = new int[LoadKind.values().length];
        int draws = 87_000;
        for (int i = 0; i < draws; i++) {
            seen[p.next().ordinal()]++;
        }
        int total = 0;
        for (LoadKind k : LoadKind.values()) {
            total += k.weight();
        }
        for (LoadKind k : LoadKind.values()) {
            double share = seen[k.ordinal()] / (double) draws;
            assertEquals(k.weight() / (double) total, share, 0.01, k.label());
        }
        List<LoadKind> a = new ArrayList<>();
        List<LoadKind> b = new ArrayList<>();
        LoadKind.Picker p1 = new LoadKind.Picker(7);
        LoadKind.Picker p2 = new LoadKind.Picker(7);
        for (int i = 0; i < 50; i++) {
            a.add(p1.next());
            b.add(p2.next());
        }
        assertEquals(a, b, "fixed by the seed");
    }

    private static MemoryWindows.Sample sample(long second, double rss, double heap) {
        return new MemoryWindows.Sample(T0.plusSeconds(second), rss, rss + 10, heap);
    }

    @Test
    void windowsHoldTheLeastMedianAndLargestAndDropAShortTail() {
        List<MemoryWindows.Sample> samples = new ArrayList<>();
        for (int s = 0; s < 190; s += 5) { // 3 min 10 s of samples, windows of 1 min
            samples.add(sample(s, 400 + s / 60 * 10 + (s % 60 == 0 ? 50 : 0), s % 2 == 0 ? 100 : Double.NaN));
        }
        List<MemoryWindows.Window> w = MemoryWindows.of(samples, T0, T0.plusSeconds(190), Duration.ofMinutes(1));
        assertEquals(3, w.size(), "the 10 s tail is dropped");
        assertEquals(12, w.get(0).n());
        assertEquals(400, w.get(0).rssMin());
        assertEquals(400, w.get(0).rssMedian());
        assertEquals(450, w.get(0).rssMax());
        assertEquals(410, w.get(1).rssMedian());
        assertEquals(100, w.get(1).heapMedian(), "heap samples that failed are left out");
        assertEquals(Duration.ofMinutes(2), w.get(2).from());
    }

    @Test
    void flatMeansTheLastMedianAtMostTenPercentAboveTheSecond() {
        List<MemoryWindows.Window> grows = List.of(window(0, 300), window(1, 400), window(2, 430), window(3, 441));
        MemoryWindows.Verdict v = MemoryWindows.flat(grows, MemoryWindows.Window::rssMedian, "RSS");
        assertEquals(Boolean.FALSE, v.flat(), v.reason());
        List<MemoryWindows.Window> flat = List.of(window(0, 600), window(1, 400), window(2, 500), window(3, 440));
        assertEquals(Boolean.TRUE, MemoryWindows.flat(flat, MemoryWindows.Window::rssMedian, "RSS").flat(),
                "start-up (the first window) and a bump in between do not count");
        assertNull(MemoryWindows.flat(flat.subList(0, 2), MemoryWindows.Window::rssMedian, "RSS").flat());
    }

    private static MemoryWindows.Window window(int i, double median) {
        return new MemoryWindows.Window(i, Duration.ofMinutes(i), Duration.ofMinutes(i + 1), 10, median, median, median,
                median, median, median);
    }

    @Test
    void theCatalogSaysWhereAFileIs() throws Exception {
        var catalog = JSON.readTree("""
                {"archives":[{"archive":"/s/dt=2024-01-01/added-2.ndjson.zst","damage":[]},
                             {"archive":"/s/damaged-2/dt=2024-01-03/part-01.ndjson.lz4","damage":["frame 0: bad checksum"]}],
                 "duplicates":[{"archive":"/s/dt=2024-01-01/copy-1-part-00.ndjson.gz","duplicate_of":"/s/dt=2024-01-01/part-00.ndjson.gz"}],
                 "problems":["/s/damaged-1/dt=2024-01-02/part-01.ndjson.gz: unexpected end of file"],
                 "indexing":["/s/dt=2024-01-04/added-4.ndjson.gz"]}""");
        assertEquals("an archive", SoakLoad.where(catalog, "dt=2024-01-01/added-2.ndjson.zst"));
        assertEquals("an archive with damage: frame 0: bad checksum",
                SoakLoad.where(catalog, "damaged-2/dt=2024-01-03/part-01.ndjson.lz4"));
        assertTrue(SoakLoad.where(catalog, "dt=2024-01-01/copy-1-part-00.ndjson.gz").startsWith("a duplicate of "));
        assertTrue(SoakLoad.where(catalog, "damaged-1/dt=2024-01-02/part-01.ndjson.gz").startsWith("a problem: "));
        assertEquals("pending", SoakLoad.where(catalog, "dt=2024-01-04/added-4.ndjson.gz"));
        assertTrue(SoakLoad.where(catalog, "dt=2024-01-01/part-00.ndjson.gz").startsWith("the original of a duplicate, "),
                "a copy whose path sorts first is kept, and the file it copies set aside");
        assertEquals("not listed", SoakLoad.where(catalog, "dt=2024-01-09/part-00.ndjson.gz"));
    }

    @Test
    void warningsFoldTheirNumbersAndPaths() {
        assertEquals("N archives that may hold lines of this range are still being indexed",
                SoakLoad.fold("12 archives that may hold lines of this range are still being indexed"));
        assertEquals("<path> could not be read", SoakLoad.fold("/tmp/x/dt=2024-01-02/part-01.gz: could not be read"));
    }
}
