package dev.rewind.bench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnswersTest {
    private static final String LINE_A = "{\"timestamp\":\"2024-01-01T00:00:03.123Z\",\"level\":\"ERROR\",\"message\":\"a\"}";
    private static final String LINE_B = "{\"timestamp\":\"2024-01-02T10:00:00.000Z\",\"level\":\"ERROR\",\"message\":\"b\"}";

    @Test
    void linesFromAPipelineAreTheirTimestampsNewestFirst() throws IOException {
        Answer answer = AnswerKind.LINES.fromShell(LINE_A + "\n" + LINE_B + "\n");
        assertEquals(new Answer.Lines(List.of(Instant.parse("2024-01-02T10:00:00Z"), Instant.parse("2024-01-01T00:00:03.123Z"))),
                answer);
    }

    @Test
    void aLineWithoutATimestampIsAnErrorNotASkippedLine() {
        assertThrows(IOException.class, () -> AnswerKind.LINES.fromShell("{\"level\":\"ERROR\"}\n"));
    }

    @Test
    void anAwkTallyBecomesCountsPerDayAndLevel() throws IOException {
        Answer answer = AnswerKind.DAY_LEVEL_COUNTS.fromShell("12 2024-01-01 ERROR\n3 2024-01-01 FATAL\n\n");
        assertEquals(Answer.Counts.of(Map.of("2024-01-01 ERROR", 12L, "2024-01-01 FATAL", 3L)), answer);
    }

    @Test
    void zeroCountsDoNotMakeTwoTalliesDiffer() {
        assertEquals(Answer.Counts.of(Map.of("2024-01-01 ERROR", 12L, "2024-01-01 FATAL", 0L)),
                Answer.Counts.of(Map.of("2024-01-01 ERROR", 12L)));
    }

    @Test
    void aDifferenceNamesTheFirstLineOrKeyThatDiffers() {
        Answer.Lines a = new Answer.Lines(List.of(Instant.parse("2024-01-02T00:00:00Z"), Instant.parse("2024-01-01T00:00:00Z")));
        Answer.Lines b = new Answer.Lines(List.of(Instant.parse("2024-01-02T00:00:00Z"), Instant.parse("2024-01-01T00:00:01Z")));
        assertNull(a.difference(a));
        assertTrue(a.difference(b).contains("line 2"), a.difference(b));
        Answer.Counts c = Answer.Counts.of(Map.of("2024-01-01 ERROR", 12L));
        Answer.Counts d = Answer.Counts.of(Map.of("2024-01-01 ERROR", 11L));
        assertTrue(c.difference(d).contains("2024-01-01 ERROR, 12 vs 11"), c.difference(d));
        assertTrue(new Answer.Count(3).difference(c) != null);
    }

    @Test
    void aPipelineReadsItsFilesAsArgumentsAndReportsAFailedFirstStage(@TempDir Path dir) throws Exception {
        Path day1 = Files.writeString(dir.resolve("day 1.ndjson"), LINE_A + "\n");
        Path day2 = Files.writeString(dir.resolve("it's day 2.ndjson"), LINE_B + "\n" + LINE_B + "\n");
        ShellPipeline count = new ShellPipeline("cat \"$@\" | grep -c ERROR", List.of(day1, day2), "cat *.ndjson | grep -c ERROR");
        assertEquals(new Answer.Count(3), AnswerKind.COUNT.fromShell(count.run()));

        ShellPipeline missing = new ShellPipeline("cat \"$@\" | grep -c ERROR", List.of(dir.resolve("gone")), "cat gone");
        IOException e = assertThrows(IOException.class, missing::run);
        assertTrue(e.getMessage().startsWith("'cat gone' failed"), e.getMessage());
    }
}
