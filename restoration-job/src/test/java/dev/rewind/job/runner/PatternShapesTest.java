package dev.rewind.job.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewind.connectors.pattern.MessageTemplates;
import dev.rewind.connectors.pattern.TypeMiner;
import dev.rewind.connectors.pattern.TypeMinerConfig;
import dev.rewind.job.query.AggregateRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client side of the patterns aggregate: readers' shapes add up, mine into types once, and stay bounded. */
class PatternShapesTest {
    private static final List<String> PEERS = List.of("auth", "payments", "orders", "search", "inventory", "api-gateway");

    private static AggregateRow shape(String message, long count, String first, String last) {
        String shape = MessageTemplates.of(message);
        return new AggregateRow(MessageTemplates.idOf(shape), null, null, null, shape, count, Instant.parse(first),
                Instant.parse(last), message);
    }

    @Test
    void shapesFromEveryReaderBecomeOneRowPerType() {
        PatternShapes patterns = new PatternShapes();
        for (int reader = 0; reader < 2; reader++) { // the same shapes from two readers add up
            for (int i = 0; i < PEERS.size(); i++) {
                patterns.add(shape("Connection timeout to " + PEERS.get(i) + " after 3000" + i + " ms", 10 + i,
                        "2024-01-0" + (1 + reader) + "T00:00:00Z", "2024-01-0" + (3 + reader) + "T00:00:00Z"));
            }
        }
        patterns.add(shape("Disk full on /var/lib/data", 4, "2024-01-02T00:00:00Z", "2024-01-02T00:00:00Z"));
        List<AggregateRow> rows = patterns.types();
        assertEquals(2, rows.size());
        AggregateRow timeout = rows.get(0);
        assertEquals("Connection timeout to <*> after <*> ms", timeout.template());
        assertEquals(MessageTemplates.idOf(timeout.template()), timeout.key());
        assertEquals(2 * (10 + 11 + 12 + 13 + 14 + 15), timeout.count());
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), timeout.firstSeen());
        assertEquals(Instant.parse("2024-01-04T00:00:00Z"), timeout.lastSeen());
        assertEquals("Connection timeout to api-gateway after 30005 ms", timeout.sample(), "the most frequent shape's");
        assertEquals("Disk full on <*>", rows.get(1).template());
    }

    @Test
    void theClientHoldsABoundedNumberOfShapes() {
        PatternShapes patterns = new PatternShapes();
        int shapes = TypeMinerConfig.SCAN_MAX_SHAPES + 50;
        for (int i = 0; i < shapes; i++) {
            StringBuilder word = new StringBuilder();
            for (int n = i; n > 0 || word.isEmpty(); n /= 26) {
                word.append((char) ('a' + n % 26));
            }
            patterns.add(shape("event " + word + " happened", 1, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"));
        }
        List<AggregateRow> rows = patterns.types();
        assertEquals(shapes, rows.stream().mapToLong(AggregateRow::count).sum(), "every record counted once");
        assertEquals(50, rows.stream().filter(r -> r.template().equals(TypeMiner.OTHER)).mapToLong(AggregateRow::count).sum(),
                "shapes past the bound are counted as <other>");
    }
}
