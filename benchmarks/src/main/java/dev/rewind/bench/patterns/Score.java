package dev.rewind.bench.patterns;

import dev.rewind.connectors.pattern.GroupingAccuracy;
import java.util.HashSet;
import java.util.List;

/**
 * How one grouping of a set's lines scores against the ground truth.
 *
 * @param grouping grouping accuracy ({@link GroupingAccuracy}): the share of lines whose group is
 *                 exactly their true event's lines
 * @param parsing  parsing accuracy (as in Loghub-2.0's evaluation): the share of lines whose
 *                 template text equals their true template, white space collapsed
 * @param groups   distinct templates found
 */
record Score(double grouping, double parsing, int groups) {

    static Score of(List<String> found, LoghubSet set) {
        long parsed = 0;
        for (int i = 0; i < found.size(); i++) {
            if (normal(found.get(i)).equals(normal(set.templates().get(i)))) {
                parsed++;
            }
        }
        return new Score(GroupingAccuracy.of(found, set.eventIds()), (double) parsed / found.size(),
                new HashSet<>(found).size());
    }

    private static String normal(String template) {
        return template.strip().replaceAll("\\s+", " ");
    }
}
