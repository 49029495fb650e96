package dev.rewind.connectors.archive.format;

import java.util.function.LongConsumer;

/**
 * An open-addressing set of longs, for the distinct token hashes of one frame. Written by hand: a
 * {@code HashSet<Long>} costs ~50 bytes an entry where this costs 16, and that is the difference
 * between fitting a frame's tokens in a 128 MiB heap or not; the only library with primitive sets
 * (fastutil) is a 20 MB jar for this one class. Not thread-safe.
 */
final class LongSet {
    private static final long EMPTY = 0L;
    private long[] slots = new long[1024];
    private boolean hasZero;
    private int size;

    /** @return false when the value was already present */
    boolean add(long value) {
        if (value == EMPTY) {
            boolean added = !hasZero;
            hasZero = true;
            if (added) {
                size++;
            }
            return added;
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = (int) mix(value) & mask;
        while (slots[i] != EMPTY) {
            if (slots[i] == value) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = value;
        size++;
        return true;
    }

    int size() {
        return size;
    }

    void clear() {
        if (slots.length > 1024) {
            slots = new long[1024];
        } else {
            java.util.Arrays.fill(slots, EMPTY);
        }
        hasZero = false;
        size = 0;
    }

    void forEach(LongConsumer consumer) {
        if (hasZero) {
            consumer.accept(EMPTY);
        }
        for (long slot : slots) {
            if (slot != EMPTY) {
                consumer.accept(slot);
            }
        }
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long value : old) {
            if (value != EMPTY) {
                int i = (int) mix(value) & mask;
                while (slots[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                slots[i] = value;
            }
        }
    }

    private static long mix(long v) {
        long h = v * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 32);
    }
}
