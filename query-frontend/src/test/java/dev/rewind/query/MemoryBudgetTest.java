package dev.rewind.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How a process is sized from its heap: what a person starting Rewind gets, or is told. */
class MemoryBudgetTest {
    private static final long MIB = MemoryBudget.MIB;
    private static final long OFF_HEAP = 80 * MIB;

    @Test
    void theDefaultHeapOnTwoCoresRunsFourJobsAtFullWidth() {
        MemoryBudget.Sizing s = MemoryBudget.fit(512 * MIB, -1, 4, 2, true, 2, 0, OFF_HEAP);
        assertEquals(2, s.parallelism());
        assertEquals(8, s.slots(), "every job that may run at once has its slots: none waits for another's");
        assertTrue(s.budget().worstCase(4) <= 512 * MIB);
    }

    @Test
    void aLargerMachineWithTheDefaultHeapGetsNarrowerJobsNotARefusal() {
        MemoryBudget.Sizing s = MemoryBudget.fit(512 * MIB, -1, 4, 64, true, 64, 0, OFF_HEAP);
        assertTrue(s.parallelism() >= 1 && s.parallelism() <= 4, "width " + s.parallelism());
        assertEquals(4 * s.parallelism(), s.slots());
        assertTrue(s.indexThreads() <= s.parallelism());
        assertTrue(s.budget().worstCase(4) <= 512 * MIB);
        MemoryBudget.Sizing big = MemoryBudget.fit(4096 * MIB, -1, 4, 64, true, 64, 0, OFF_HEAP);
        assertEquals(4, big.parallelism(), "with the heap for it, four readers a job");
    }

    @Test
    void aRemoteClusterHoldsNoDecodersHere() {
        MemoryBudget.Sizing s = MemoryBudget.fit(512 * MIB, -1, 4, 2, false, 2, 0, OFF_HEAP);
        assertEquals(0, s.slots());
        assertEquals(2, s.parallelism());
    }

    @Test
    void aCacheLargerThanAQuarterOfTheHeapIsRefusedWithTheFigures() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemoryBudget.fit(512 * MIB, 200 * MIB, 4, 2, true, 2, 0, OFF_HEAP));
        assertTrue(e.getMessage().contains("--cache-mb to at most 128"), e.getMessage());
    }

    @Test
    void aHeapTooSmallForOneReaderPerJobIsRefusedSayingWhatToGive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemoryBudget.fit(160 * MIB, -1, 4, 2, true, 2, 0, OFF_HEAP));
        assertTrue(e.getMessage().contains("REWIND_HEAP="), e.getMessage());
        assertTrue(e.getMessage().contains("even with one reader per job"), e.getMessage());
    }
}
