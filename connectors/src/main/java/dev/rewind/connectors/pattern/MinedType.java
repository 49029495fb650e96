package dev.rewind.connectors.pattern;

import java.util.List;
import java.util.Objects;

/**
 * One type a {@link TypeMiner} found: the message shapes it holds and their common template.
 * Immutable.
 *
 * @param id     derived from {@code text} alone ({@link MessageTemplates#idOf}), so the same type
 *               has the same id in every run and whichever archives it was mined from
 * @param text   the template: tokens joined by one space, variable ones as {@code <*>}
 * @param count  messages of all its shapes, as mined
 * @param shapes the message shapes ({@link MessageTemplates#of}) it holds, most frequent first
 */
public record MinedType(String id, String text, long count, List<String> shapes) {

    public MinedType {
        Objects.requireNonNull(text, "text");
        shapes = List.copyOf(shapes);
        if (!MessageTemplates.idOf(text).equals(id)) {
            throw new IllegalArgumentException("id " + id + " is not the id of template '" + text + "'");
        }
    }
}
