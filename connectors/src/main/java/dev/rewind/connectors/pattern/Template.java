package dev.rewind.connectors.pattern;

import java.time.Instant;
import java.util.Objects;

/**
 * A mined message template: the text with {@code <*>} for the variable parts, and how many
 * messages it covered. Immutable.
 *
 * @param id        derived from {@code text} alone ({@link MessageTemplates#idOf}), so the same
 *                  template has the same id in every archive, miner and run
 * @param text      the template: the messages' tokens joined by one space, variable ones as {@code <*>}
 * @param count     messages with this template, at least 1
 * @param firstSeen the earliest time a message of it was added with; null when none came with a time
 * @param lastSeen  the latest such time; null when none came with a time
 * @param sample    one message of it, as it was added (unmasked)
 */
record Template(String id, String text, long count, Instant firstSeen, Instant lastSeen, String sample) {

    public Template {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sample, "sample");
        if (!MessageTemplates.idOf(text).equals(id)) {
            throw new IllegalArgumentException("id " + id + " is not the id of template '" + text + "'");
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
    }

    /** A template with its id computed from {@code text}. */
    public static Template of(String text, long count, Instant firstSeen, Instant lastSeen, String sample) {
        return new Template(MessageTemplates.idOf(text), text, count, firstSeen, lastSeen, sample);
    }
}
