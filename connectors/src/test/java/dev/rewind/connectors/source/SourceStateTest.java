package dev.rewind.connectors.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.archive.format.ArchiveDamage;
import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.record.KnownFormats;
import dev.rewind.connectors.source.enumerator.ArchiveEnumeratorState;
import dev.rewind.connectors.source.enumerator.ArchiveEnumeratorStateSerializer;
import dev.rewind.connectors.source.enumerator.EarlyStop;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.connectors.source.split.ArchiveSplit;
import dev.rewind.connectors.source.split.ArchiveSplitSerializer;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The source takes part in checkpoints: its splits and enumerator state survive serialization. */
class SourceStateTest {
    private static ArchiveSplit split(String id, String from, String to) {
        return new ArchiveSplit(id, "/data/" + id + ".zst", Codec.ZSTD, KnownFormats.byName("hdfs"), 2024,
                Instant.parse(from), 3, 1024, 4096, new long[] {0, 1000, 2000}, Instant.parse(from), Instant.parse(to),
                3000, 0, "/index/" + id + ".zst.idx",
                List.of(new ArchiveDamage(2048, 3072, "corrupt zstd block (in the frame that starts at offset 2040)")));
    }

    @Test
    void splitsRoundTripWithTheirResumePosition() throws IOException {
        ArchiveSplit split = split("a", "2024-01-01T00:00:00Z", "2024-01-01T23:59:59.999Z").resumingAfter(17);
        byte[] bytes = ArchiveSplitSerializer.INSTANCE.serialize(split);
        ArchiveSplit back = ArchiveSplitSerializer.INSTANCE.deserialize(ArchiveSplitSerializer.INSTANCE.getVersion(), bytes);
        assertEquals(split.splitId(), back.splitId());
        assertEquals(split.format(), back.format());
        assertEquals(17, back.recordsToSkip());
        assertArrayEquals(split.frameRawOffsets(), back.frameRawOffsets());
        assertEquals(split.maxTimestamp(), back.maxTimestamp());
        assertEquals(null, back.indexTo(), "a resumed read does not index (it starts mid-archive)");
        assertEquals(split.knownDamage(), back.knownDamage(), "a resumed read knows the sidecar's damage too");
        ArchiveSplit fresh = split("b", "2024-01-01T00:00:00Z", "2024-01-01T23:59:59.999Z");
        assertEquals(fresh.indexTo(), ArchiveSplitSerializer.INSTANCE.deserialize(ArchiveSplitSerializer.INSTANCE.getVersion(),
                ArchiveSplitSerializer.INSTANCE.serialize(fresh)).indexTo());
        IOException e = assertThrows(IOException.class, () -> ArchiveSplitSerializer.INSTANCE.deserialize(99, bytes));
        assertTrue(e.getMessage().contains("version 99"));
    }

    @Test
    void enumeratorStateRoundTrips() throws IOException {
        ArchiveEnumeratorStateSerializer serializer = new ArchiveEnumeratorStateSerializer();
        ArchiveEnumeratorState state = new ArchiveEnumeratorState(List.of(
                split("b", "2024-01-02T00:00:00Z", "2024-01-02T12:00:00Z"),
                split("c", "2024-01-01T00:00:00Z", "2024-01-01T12:00:00Z")));
        ArchiveEnumeratorState back = serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
        assertEquals(List.of("b", "c"), back.pending().stream().map(ArchiveSplit::splitId).toList());
    }

    @Test
    void earlyStopOnlyWhenNoUnreadSplitCanHoldANewerRecord() {
        ArchiveSplit day3 = split("d3", "2024-01-03T00:00:00Z", "2024-01-03T23:00:00Z");
        ArchiveSplit day2 = split("d2", "2024-01-02T00:00:00Z", "2024-01-02T23:00:00Z");
        ArchiveSplit day1 = split("d1", "2024-01-01T00:00:00Z", "2024-01-01T23:00:00Z");
        EarlyStop stop = new EarlyStop(10, ScanOrder.DESC);
        assertFalse(stop.reached(List.of(day3), Map.of(), List.of(day2, day1)), "nothing finished yet");
        assertFalse(stop.reached(List.of(day3), Map.of("d3", 9L), List.of(day2, day1)), "not enough matches");
        assertTrue(stop.reached(List.of(day3), Map.of("d3", 10L), List.of(day2, day1)));
        assertFalse(stop.reached(List.of(day3, day2), Map.of("d2", 50L), List.of(day1)),
                "the newest split is still running: its records may be the answer");
        ArchiveSplit overlapping = split("x", "2024-01-03T10:00:00Z", "2024-01-03T11:00:00Z");
        assertFalse(stop.reached(List.of(day3), Map.of("d3", 10L), List.of(overlapping)),
                "an unread split overlapping the finished ones may hold newer records");
        assertFalse(EarlyStop.NEVER.reached(List.of(day3), Map.of("d3", 1000L), List.of(day1)));
        EarlyStop asc = new EarlyStop(5, ScanOrder.ASC);
        assertTrue(asc.reached(List.of(day1), Map.of("d1", 5L), List.of(day2, day3)));
    }
}
