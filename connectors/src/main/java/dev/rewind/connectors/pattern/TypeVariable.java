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

    /**
     * The variable as a person reads it, its {@code shown} most frequent words named and the rest
     * summed: {@code to {auth 576, api-gateway 575, +5 more}}; {@code other 1,200} when only masked
     * values or unlisted words remain.
     */
    public String describe(int shown) {
        StringBuilder out = new StringBuilder(label != null ? label : MessageTemplates.WILDCARD).append(" {");
        int named = Math.min(shown, values.size());
        long rest = other;
        for (int i = 0; i < values.size(); i++) {
            if (i < named) {
                out.append(i > 0 ? ", " : "").append(values.get(i).value()).append(' ')
                        .append(String.format(java.util.Locale.ROOT, "%,d", values.get(i).count()));
            } else {
                rest += values.get(i).count();
            }
        }
        String separator = named > 0 ? ", " : "";
        if (values.size() > named) {
            out.append(separator).append('+').append(values.size() - named).append(" more");
        } else if (rest > 0) {
            out.append(separator).append("other ").append(String.format(java.util.Locale.ROOT, "%,d", rest));
        }
        return out.append('}').toString();
    }

    /** One word a variable took and the messages that had it. */
    public record Value(String value, long count) {
    }
}
