package dev.rewind.job.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.job.query.Aggregation;
import dev.rewind.job.query.Bucket;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code flink run -c dev.rewind.job.cluster.QueryJob rewind-job.jar ARGS}: the arguments, and what is refused. */
class QueryArgsTest {
    @Test
    void aQuestionInTheWordsOfRewindQuery() {
        QueryArgs q = QueryArgs.parse(new String[] {"--archives", "s3://b/logs,/var/archive", "--from", "2024-03-01",
            "--to", "2024-03-02", "--level", "error,warn", "--text", "timeout", "--limit", "50", "--order", "asc"});
        assertEquals(List.of("s3://b/logs", "/var/archive"), q.roots());
        assertEquals(Instant.parse("2024-03-01T00:00:00Z"), q.spec().filter().from());
        assertEquals(Instant.parse("2024-03-02T23:59:59.999Z"), q.spec().filter().to(), "a date as end: its last moment");
        assertEquals(Set.of(Level.ERROR, Level.WARN), q.spec().filter().levels());
        assertEquals(ScanOrder.ASC, q.spec().order());
        assertEquals(50, q.spec().limit());
        assertEquals(Optional.empty(), q.spec().aggregation());

        QueryArgs trend = QueryArgs.parse(new String[] {"--archives", "/a", "--from", "2024-03-01T06:00:00",
            "--to", "2024-03-01T12:00:00Z", "--trend", "hour"});
        assertEquals(Optional.of(new Aggregation.Trend(Bucket.HOUR, true, false)), trend.spec().aggregation());
        assertEquals(Instant.parse("2024-03-01T06:00:00Z"), trend.spec().filter().from(), "no offset: UTC");
    }

    @Test
    void badArgumentsAreNamed() {
        assertRefused("--archives", "--from", "2024-03-01", "--to", "2024-03-02");
        assertRefused("--from", "--archives", "/a", "--to", "2024-03-02");
        assertRefused("--to", "--archives", "/a", "--from", "2024-03-01", "--to", "yesterday");
        assertRefused("--level", "--archives", "/a", "--from", "2024-03-01", "--to", "2024-03-02", "--level", "LOUD");
        assertRefused("--trend", "--archives", "/a", "--from", "2024-03-01", "--to", "2024-03-02", "--trend", "minute");
        assertRefused("--colour", "--archives", "/a", "--colour", "red");
        assertRefused("before", "--archives", "/a", "--from", "2024-03-02", "--to", "2024-03-01");
    }

    private static void assertRefused(String named, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QueryArgs.parse(args));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }
}
