package dev.rewind.sample;

import com.fasterxml.jackson.core.io.SerializedString;
import dev.rewind.connectors.record.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One kind of log message: fixed words and {@link Slot}s, written as {@code <*>} in its
 * {@link #text()}. Immutable; {@link #render} is the per-line hot path (no regex, no formatting).
 */
final class MessageTemplate {
    static final String WILDCARD = "<*>";
    /** Most variable parts a template may have; the writer's per-line scratch arrays are this long. */
    static final int MAX_SLOTS = 8;

    private final int id;
    private final Level level;
    private final int weight;
    private final String text;
    private final String[] literals;
    private final Slot[] slots;
    private final SerializedString[] fieldNames;

    /**
     * @param id     index in the {@link Catalog}, used to count lines per template
     * @param weight relative frequency among the templates of the same service and level
     * @throws IllegalArgumentException when the {@code <*>} count differs from the slots, a fixed
     *                                  word holds a digit (a miner would take it as variable), or two
     *                                  slots would write the same JSON field
     */
    MessageTemplate(int id, Level level, int weight, String text, Slot... slots) {
        this.id = id;
        this.level = level;
        this.weight = weight;
        this.text = text;
        if (slots.length > MAX_SLOTS) {
            throw new IllegalArgumentException("template '" + text + "' has more than " + MAX_SLOTS + " slots");
        }
        this.slots = slots.clone();
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int at = text.indexOf(WILDCARD); at >= 0; at = text.indexOf(WILDCARD, from)) {
            parts.add(text.substring(from, at));
            from = at + WILDCARD.length();
        }
        parts.add(text.substring(from));
        if (parts.size() - 1 != slots.length) {
            throw new IllegalArgumentException("template '" + text + "' has " + (parts.size() - 1)
                    + " <*> but " + slots.length + " slots");
        }
        for (char c : text.toCharArray()) {
            if (c >= '0' && c <= '9') {
                throw new IllegalArgumentException("template '" + text + "' has a digit in a fixed word");
            }
        }
        this.literals = parts.toArray(String[]::new);
        this.fieldNames = new SerializedString[slots.length];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < slots.length; i++) {
            String field = slots[i].field();
            if (field != null) {
                if (!seen.add(field)) {
                    throw new IllegalArgumentException("template '" + text + "' writes field " + field + " twice");
                }
                fieldNames[i] = new SerializedString(field);
            }
        }
    }

    int id() {
        return id;
    }

    Level level() {
        return level;
    }

    int weight() {
        return weight;
    }

    /** The template as a miner would print it: each variable part as {@code <*>}. */
    String text() {
        return text;
    }

    int slotCount() {
        return slots.length;
    }

    Slot slot(int i) {
        return slots[i];
    }

    /** The JSON field of slot {@code i}, or null. */
    SerializedString fieldName(int i) {
        return fieldNames[i];
    }

    /**
     * Appends one message to {@code out} and records where each value starts and ends in it, and
     * its numeric value, for the line's extra fields.
     */
    void render(SplittableRandom r, StringBuilder out, int[] starts, int[] ends, long[] numbers) {
        out.append(literals[0]);
        for (int i = 0; i < slots.length; i++) {
            starts[i] = out.length();
            numbers[i] = slots[i].render(r, out);
            ends[i] = out.length();
            out.append(literals[i + 1]);
        }
    }

    @Override
    public String toString() {
        return level + " " + text;
    }
}
