package dev.rewind.connectors.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FastIsoTest {
    private static Instant viaFormatter(String s) {
        return OffsetDateTime.parse(s, DateTimeFormatter.ISO_DATE_TIME).toInstant();
    }

    @Test
    void readsWhatTheFormatterReadsOverFourCenturies() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long second = -5_000_000_000L + (long) (random.nextDouble() * 20_000_000_000L);
            int nanos = random.nextInt(1_000_000_000);
            int offsetMinutes = (random.nextInt(36) - 18) * 30;
            OffsetDateTime t = Instant.ofEpochSecond(second, nanos)
                    .atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
            String[] forms = {
                t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                t.withNano(nanos / 1_000_000 * 1_000_000).format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX")),
                t.withNano(0).format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX")),
            };
            for (String form : forms) {
                assertEquals(viaFormatter(form), FastIso.parse(form), form);
            }
        }
    }

    @Test
    void leavesEveryOtherShapeToTheFormatter() {
        for (String s : new String[] {"2024-03-01", "2024-03-01T12:00:00", "2024-03-01 12:00:00Z",
                "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-03-01T24:00:00Z", "2024-03-01T12:00:60Z",
                "2024-03-01T12:00:00.Z", "2024-03-01T12:00:00.1234567891Z", "2024-03-01T12:00:00+0100",
                "2024-03-01T12:00:00+01:00[Europe/Paris]", "2024-03-01T12:00:00z", "2024-13-01T12:00:00Z"}) {
            assertNull(FastIso.parse(s), s);
        }
        assertEquals(Instant.parse("2024-02-29T23:59:59.5Z"), FastIso.parse("2024-02-29T23:59:59.500Z"));
    }
}
