package dev.rewind.connectors.pattern;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Grouping accuracy, the measure log-parser benchmarks rank parsers by (J. Zhu et al., "Tools and
 * Benchmarks for Automated Log Parsing", ICSE-SEIP 2019; the Loghub sets in {@code shared/loghub}):
 * a line is parsed correctly when the lines grouped with it under one template are exactly the
 * lines that share its ground-truth template; the score is the share of such lines. A template
 * that merges two true templates, or splits one, makes all its lines wrong. Stateless.
 */
public final class GroupingAccuracy {
    private GroupingAccuracy() {
    }

    /**
     * @param found the template each line was grouped under (any key: an id, a text)
     * @param truth each line's ground-truth template, in the same order
     * @return the share of lines grouped correctly, in [0, 1]; 1 for no lines
     * @throws IllegalArgumentException when the lists differ in length
     */
    public static double of(List<String> found, List<String> truth) {
        if (found.size() != truth.size()) {
            throw new IllegalArgumentException("found " + found.size() + " lines but the ground truth has " + truth.size());
        }
        if (found.isEmpty()) {
            return 1.0;
        }
        Map<String, Integer> truthSizes = new HashMap<>();
        truth.forEach(t -> truthSizes.merge(t, 1, Integer::sum));
        // For each found group: its size and its single true template, or null once it has two.
        Map<String, Integer> foundSizes = new HashMap<>();
        Map<String, String> foundTruth = new HashMap<>();
        Map<String, Boolean> mixed = new HashMap<>();
        for (int i = 0; i < found.size(); i++) {
            String group = found.get(i);
            foundSizes.merge(group, 1, Integer::sum);
            String previous = foundTruth.putIfAbsent(group, truth.get(i));
            if (previous != null && !previous.equals(truth.get(i))) {
                mixed.put(group, true);
            }
        }
        long correct = 0;
        for (Map.Entry<String, Integer> group : foundSizes.entrySet()) {
            int size = group.getValue();
            if (!mixed.containsKey(group.getKey()) && truthSizes.get(foundTruth.get(group.getKey())) == size) {
                correct += size;
            }
        }
        return (double) correct / found.size();
    }
}
