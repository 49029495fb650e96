package dev.rewind.connectors.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The measure's definition (shared/loghub/README.md) on small cases whose answer is known by hand. */
class GroupingAccuracyTest {

    @Test
    void sameGroupingUnderOtherNamesIsPerfect() {
        assertEquals(1.0, GroupingAccuracy.of(List.of("x", "x", "y", "z"), List.of("E1", "E1", "E2", "E3")));
    }

    @Test
    void aMergedGroupMakesAllItsLinesWrong() {
        // x holds E1 and E2: its three lines are wrong; z is right.
        assertEquals(0.25, GroupingAccuracy.of(List.of("x", "x", "x", "z"), List.of("E1", "E1", "E2", "E3")));
    }

    @Test
    void aSplitGroupMakesAllItsLinesWrong() {
        // E1 is split over x and y: its three lines are wrong, although x and y are each pure.
        assertEquals(0.25, GroupingAccuracy.of(List.of("x", "x", "y", "z"), List.of("E1", "E1", "E1", "E3")));
    }

    @Test
    void emptyIsPerfectAndLengthsMustAgree() {
        assertEquals(1.0, GroupingAccuracy.of(List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> GroupingAccuracy.of(List.of("x"), List.of()));
    }
}
