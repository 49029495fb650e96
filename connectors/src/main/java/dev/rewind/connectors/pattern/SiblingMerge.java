package dev.rewind.connectors.pattern;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds word-valued variables from the data: templates of one length that are equal but for one
 * token position are siblings, and when that position takes many distinct words the siblings are
 * one template with {@code <*>} there ("Connection timeout to auth after <*>", "... to billing
 * after <*>", ... become "Connection timeout to <*> after <*>"). This is the variable rule of
 * Brain (S. Yu et al., "Brain: Log Parsing with Bidirectional Parallel Tree", IEEE TSC 2023): a
 * column of a group of same-shaped logs whose distinct values pass a threshold is a variable,
 * with one fixed threshold here instead of Brain's per-set one, and siblings found by exact
 * equality of the rest rather than by word frequency, which keeps the merge independent of the
 * order templates arrive in. Merging repeats until nothing changes, so a message with two word
 * variables merges one position after the other. Stateless.
 */
final class SiblingMerge {
    private static final String WILDCARD = MessageTemplates.WILDCARD;
    /** Stands for the position being compared in a sibling key (a control character no log word holds). */
    private static final String HOLE = "\u0000";

    private SiblingMerge() {
    }

    /**
     * @return for each of {@code templates}, the template it ended in (itself when it merged with
     *         nothing); the same answer for the same set whatever its order
     */
    static Map<String, String> merge(Collection<String> templates, TypeMinerConfig config) {
        // The live templates by length, each with the inputs it holds; sorted, so the outcome is fixed.
        Map<Integer, TreeMap<String, List<String>>> byLength = new TreeMap<>();
        for (String t : new TreeSet<>(templates)) {
            byLength.computeIfAbsent(Drain.tokens(t).length, n -> new TreeMap<>())
                    .computeIfAbsent(t, k -> new ArrayList<>()).add(t);
        }
        Map<String, String> result = new HashMap<>();
        byLength.forEach((length, live) -> {
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int position = 0; position < length; position++) {
                    changed |= mergeAt(live, position, config);
                }
            }
            live.forEach((merged, inputs) -> inputs.forEach(input -> result.put(input, merged)));
        });
        return result;
    }

    /** Merges every qualifying sibling group at {@code position}; true when any merged. */
    private static boolean mergeAt(TreeMap<String, List<String>> live, int position, TypeMinerConfig config) {
        Map<String, List<String>> groups = new TreeMap<>();
        for (String template : live.keySet()) {
            String[] tokens = Drain.tokens(template);
            tokens[position] = HOLE;
            groups.computeIfAbsent(String.join(" ", tokens), k -> new ArrayList<>()).add(template);
        }
        boolean merged = false;
        for (Map.Entry<String, List<String>> group : groups.entrySet()) {
            List<String> siblings = group.getValue();
            if (siblings.size() < 2 || !variableAt(siblings, position, group.getKey(), config)) {
                continue;
            }
            String[] tokens = Drain.tokens(siblings.get(0));
            tokens[position] = WILDCARD;
            String into = String.join(" ", tokens);
            List<String> inputs = new ArrayList<>();
            for (String sibling : siblings) {
                inputs.addAll(live.remove(sibling));
            }
            live.computeIfAbsent(into, k -> new ArrayList<>()).addAll(inputs);
            merged = true;
        }
        return merged;
    }

    /** A literal word: holds a letter and no wildcard ({@code <*>)} and {@code =} are not words). */
    private static boolean isWord(String token) {
        if (token.contains(WILDCARD)) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (Character.isLetter(token.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean variableAt(List<String> siblings, int position, String key, TypeMinerConfig config) {
        int shared = 0;
        for (String token : Drain.tokens(key)) {
            if (isWord(token)) {
                shared++;
            }
        }
        if (shared < config.minSharedWords()) {
            return false;
        }
        int words = 0;
        boolean wildcard = false;
        for (String sibling : siblings) {
            if (Drain.tokens(sibling)[position].equals(WILDCARD)) {
                wildcard = true;
            } else {
                words++; // siblings differ only here, so each has its own word
            }
        }
        return words >= config.minValues() || (config.absorbWildcard() && wildcard);
    }
}
