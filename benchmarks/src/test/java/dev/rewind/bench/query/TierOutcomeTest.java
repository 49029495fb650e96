package dev.rewind.bench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.api.WireAnswer;
import dev.rewind.bench.harness.Timing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TierOutcomeTest {
    private static final BenchQuery LINES = new BenchQuery("lines", "{}", null, "SELECT 1", AnswerKind.LINES,
            new Target.None(), Optional.empty());
    private static final String T1 = "2024-03-15T10:00:00Z";
    private static final String T2 = "2024-03-15T11:00:00Z";

    private static WireAnswer rows(String... idsAndTimes) {
        List<WireAnswer.ResultRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < idsAndTimes.length; i += 2) {
            rows.add(new WireAnswer.ResultRow(idsAndTimes[i], idsAndTimes[i + 1], "ERROR", "s", "h", "m", null, null));
        }
        return new WireAnswer("q", rows, null, null, null, null, null, List.of());
    }

    private static Timing ms(long millis) {
        return new Timing(List.of(Duration.ofMillis(millis)));
    }

    private static TierOutcome outcome(WireAnswer local, WireAnswer cold, WireAnswer warm, Answer duck, long warmMs) {
        return new TierOutcome(LINES, tier(100, local), tier(300, cold), tier(warmMs, warm), ms(50), ms(50), duck);
    }

    private static TierOutcome.TierRuns tier(long millis, WireAnswer answer) {
        return new TierOutcome.TierRuns(ms(millis), ms(millis), List.of(answer), List.of());
    }

    private static Answer.Lines duck(String... times) {
        return new Answer.Lines(java.util.Arrays.stream(times).map(Instant::parse).toList());
    }

    @Test
    void tiersThatGiveTheSameRowsAndDuckDbTheSameTimesAgree() {
        WireAnswer a = rows("id-2", T2, "id-1", T1);
        TierOutcome o = outcome(a, a, a, duck(T1, T2), 110);
        assertEquals(List.of(), o.mismatches());
        assertTrue(o.warmTargetMet());
    }

    @Test
    void aTierWithAnotherRowAtTheSameTimeIsAMismatchThoughDuckDbCannotTell() {
        TierOutcome o = outcome(rows("id-2", T2, "id-1", T1), rows("id-2", T2, "id-9", T1), rows("id-2", T2, "id-1", T1),
                duck(T2, T1), 130);
        assertEquals(1, o.mismatches().size(), o.mismatches().toString());
        assertTrue(o.mismatches().get(0).startsWith("Rewind cold (S3) run 1 differs"), o.mismatches().get(0));
        assertEquals(false, o.warmTargetMet(), "130 ms against 100 ms local is past 1.2×");
    }

    @Test
    void duckDbMissingALineIsAMismatch() {
        WireAnswer a = rows("id-2", T2, "id-1", T1);
        assertTrue(outcome(a, a, a, duck(T2), 100).mismatches().get(0).startsWith("Rewind and DuckDB differ"));
    }
}
