package dev.rewind.connectors.pattern;

import java.util.List;

/**
 * One variable of a type, with the words it took and how often: what a person expands a type
 * into ({@code to {auth 576, api-gateway 575, ...}}). Only variables found from the data have
 * words; a value masked at the source (a number, an id, an address) is counted in {@code other}.
 *
 * @param position the token position in the type's text (0-based)
 * @param label    the nearest literal token before it ("to"), or null when it comes first
 * @param values   the most frequent words there, most frequent first, then by word
 * @param other    messages whose token there is not among {@code values}
 */
public record TypeVariable(int position, String label, List<Value> values, long other) {

    public TypeVariable {
        values = List.copyOf(values);
    }

    /** One word a variable took and the messages that had it. */
    public record Value(String value, long count) {
    }
}
