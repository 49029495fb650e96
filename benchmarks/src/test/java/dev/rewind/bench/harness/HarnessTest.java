package dev.rewind.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HarnessTest {

    private static Timing millis(long... values) {
        return new Timing(java.util.Arrays.stream(values).mapToObj(Duration::ofMillis).toList());
    }

    @Test
    void medianOfAnOddCountIsTheMiddleRunWhateverTheOrder() {
        Timing t = millis(50, 10, 40, 20, 30);
        assertEquals(Duration.ofMillis(30), t.median());
        assertEquals(Duration.ofMillis(10), t.min());
        assertEquals(Duration.ofMillis(50), t.max());
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleRuns() {
        assertEquals(Duration.ofMillis(25), millis(40, 10, 30, 20).median());
    }

    @Test
    void throughputDividesBytesByTheMedian() {
        assertEquals(100.0, millis(3000, 1000, 2000).megabytesPerSecond(200_000_000), 1e-9);
    }

    @Test
    void warmUpRunsOnceAndIsNotTimed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Timing t = new Harness(3).measure(calls::incrementAndGet);
        assertEquals(4, calls.get());
        assertEquals(3, t.runs().size());
        List<Duration> runs = t.runs();
        assertEquals(runs.size(), runs.stream().filter(d -> !d.isNegative()).count());
    }

    @Test
    void interleavedActionsWarmUpOnceEachThenTakeTurns() throws Exception {
        StringBuilder order = new StringBuilder();
        List<Timing> timings = new Harness(2).interleave(List.of(() -> order.append('a'), () -> order.append('b'),
                () -> order.append('c')));
        assertEquals("abcabcabc", order.toString());
        assertEquals(3, timings.size());
        timings.forEach(t -> assertEquals(2, t.runs().size()));
    }

    @Test
    void aPreparationRunsBeforeEveryRunOfItsActionAndIsNotTimed() throws Exception {
        StringBuilder order = new StringBuilder();
        List<Timing> timings = new Harness(2).interleave(
                List.of(() -> order.append('a'), () -> order.append('b')),
                List.of(() -> order.append('-'), () -> Thread.sleep(300)));
        assertEquals("-ab-ab-ab", order.toString());
        timings.get(1).runs().forEach(d -> assertTrue(d.toMillis() < 300, "the preparation was timed: " + d));
    }

    @Test
    void rotatedRoundsStartOneLaterEachTimeAfterWarmUpsInTheGivenOrder() throws Exception {
        StringBuilder order = new StringBuilder();
        Harness.Action none = () -> { };
        List<Timing> timings = new Harness(3).rotate(List.of(() -> order.append('a'), () -> order.append('b'),
                () -> order.append('c')), List.of(none, none, none));
        assertEquals("abc" + "abc" + "bca" + "cab", order.toString());
        timings.forEach(t -> assertEquals(3, t.runs().size()));
    }
}
