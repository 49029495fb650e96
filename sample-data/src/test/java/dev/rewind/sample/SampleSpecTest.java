package dev.rewind.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SampleSpecTest {
    @Test
    void defaultsAreSixMonthsFromJanuary2024() {
        SampleSpec spec = SampleSpec.defaults();
        assertEquals(new SampleSpec(LocalDate.of(2024, 1, 1), 6, 50_000, 42, CodecMode.MIXED), spec);
        assertEquals(LocalDate.of(2024, 6, 30), spec.end());
        assertEquals(182, spec.days());
    }

    @Test
    void badSettingsNameTheField() {
        LocalDate start = LocalDate.of(2024, 1, 1);
        assertMessageNames("months", () -> new SampleSpec(start, 0, 10, 1, CodecMode.GZIP));
        assertMessageNames("months", () -> new SampleSpec(start, 121, 10, 1, CodecMode.GZIP));
        assertMessageNames("linesPerDay", () -> new SampleSpec(start, 1, 0, 1, CodecMode.GZIP));
        assertMessageNames("linesPerDay", () -> new SampleSpec(start, 1, 10_000_001, 1, CodecMode.GZIP));
        assertMessageNames("start", () -> new SampleSpec(null, 1, 10, 1, CodecMode.GZIP));
        assertMessageNames("codecs", () -> new SampleSpec(start, 1, 10, 1, null));
    }

    private static void assertMessageNames(String field, Runnable create) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, create::run);
        assertTrue(e.getMessage().startsWith(field + " "), e.getMessage());
    }

    @Test
    void mixedModeRotatesZstdGzipLz4AndTheOthersAreFixed() {
        assertEquals(dev.rewind.connectors.codec.Codec.ZSTD, CodecMode.MIXED.codecFor(0));
        assertEquals(dev.rewind.connectors.codec.Codec.GZIP, CodecMode.MIXED.codecFor(1));
        assertEquals(dev.rewind.connectors.codec.Codec.LZ4, CodecMode.MIXED.codecFor(2));
        assertEquals(dev.rewind.connectors.codec.Codec.ZSTD, CodecMode.MIXED.codecFor(3));
        assertEquals(dev.rewind.connectors.codec.Codec.LZ4, CodecMode.LZ4.codecFor(1));
    }
}
