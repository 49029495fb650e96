package dev.rewind.connectors.pattern;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What one {@link TypeMiner#mine()} found: the types, most frequent first, and the type of each
 * shape. Callers keep their own per-shape numbers (hourly counts, first and last seen, samples)
 * and add them up per type through {@link #typeOf}. Immutable.
 */
public final class TypeMining {
    private final List<MinedType> types;
    private final Map<String, MinedType> typeOfShape = new HashMap<>();
    /** Each shape's tokens after the type masks: aligned with its type's tokens (same length). */
    private final Map<String, String[]> tokensOfShape;

    private final Map<String, Long> minedCounts;

    TypeMining(List<MinedType> types, Map<String, String[]> tokensOfShape, Map<String, Long> minedCounts) {
        this.types = List.copyOf(types);
        this.tokensOfShape = tokensOfShape;
        this.minedCounts = Map.copyOf(minedCounts);
        for (MinedType type : types) {
            type.shapes().forEach(shape -> typeOfShape.put(shape, type));
        }
    }

    /** The types, by count (most first), then by text. */
    public List<MinedType> types() {
        return types;
    }

    /** The type holding {@code shape}, or null when the shape was not mined. */
    public MinedType typeOf(String shape) {
        return typeOfShape.get(shape);
    }

    /**
     * The type's variables found from the data, with their words counted over its shapes.
     *
     * @param countOfShape messages of each of the type's shapes to count (say, within a time
     *                     range; 0 for none); the mined counts when the caller has no other
     * @param top          words to keep per variable; the rest add to {@link TypeVariable#other()}
     * @return one entry per {@code <*>} of the type where at least one shape has a word, in
     *         position order; empty when every variable was masked at the source
     */
    public List<TypeVariable> variables(MinedType type, ToLongFunction<String> countOfShape, int top) {
        String[] typeTokens = Drain.tokens(type.text());
        List<TypeVariable> variables = new ArrayList<>();
        for (int position = 0; position < typeTokens.length; position++) {
            if (!MessageTemplates.WILDCARD.equals(typeTokens[position])) {
                continue;
            }
            Map<String, Long> words = new HashMap<>();
            long masked = 0;
            for (String shape : type.shapes()) {
                long n = countOfShape.applyAsLong(shape);
                String[] tokens = tokensOfShape.get(shape);
                if (n <= 0) {
                    continue;
                }
                if (tokens.length != typeTokens.length || MessageTemplates.WILDCARD.equals(tokens[position])) {
                    masked += n;
                } else {
                    words.merge(tokens[position], n, Long::sum);
                }
            }
            if (words.isEmpty()) {
                continue;
            }
            List<TypeVariable.Value> values = new ArrayList<>();
            words.forEach((word, n) -> values.add(new TypeVariable.Value(word, n)));
            values.sort(Comparator.comparingLong(TypeVariable.Value::count).reversed()
                    .thenComparing(TypeVariable.Value::value));
            long other = masked;
            for (TypeVariable.Value v : values.subList(Math.min(top, values.size()), values.size())) {
                other += v.count();
            }
            variables.add(new TypeVariable(position, label(typeTokens, position),
                    values.subList(0, Math.min(top, values.size())), other));
        }
        return variables;
    }

    /** {@link #variables(MinedType, ToLongFunction, int)} over the counts mined. */
    public List<TypeVariable> variables(MinedType type, int top) {
        return variables(type, shape -> minedCounts.getOrDefault(shape, 0L), top);
    }

    private static String label(String[] tokens, int position) {
        for (int i = position - 1; i >= 0; i--) {
            if (!MessageTemplates.WILDCARD.equals(tokens[i])) {
                return tokens[i];
            }
        }
        return null;
    }
}
