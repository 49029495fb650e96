package dev.rewind.bench.patterns;

import dev.rewind.connectors.pattern.Drain;
import dev.rewind.connectors.pattern.DrainConfig;
import dev.rewind.connectors.pattern.GroupingAccuracy;
import dev.rewind.connectors.pattern.LogCluster;
import dev.rewind.connectors.pattern.Template;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Mines a Loghub set's messages with {@link Drain} and scores the grouping against the ground
 * truth. A line's group is the final template of the cluster it joined, by text, as the logparser
 * benchmark groups by the template's hash.
 */
final class SetScorer {
    private SetScorer() {
    }

    /** One miner over all the lines. */
    static double accuracy(LoghubSet set, DrainConfig config) {
        return GroupingAccuracy.of(groups(set.messages(), new Drain(config)), set.eventIds());
    }

    static SetResult score(LoghubSet set, DrainConfig config, int parts, double published) {
        Drain drain = new Drain(config);
        List<String> groups = groups(set.messages(), drain);
        return new SetResult(set.name(), set.messages().size(), new HashSet<>(groups).size(), set.truthTemplates(),
                GroupingAccuracy.of(groups, set.eventIds()), mergedAccuracy(set, config, parts), published);
    }

    /**
     * The lines cut into {@code parts} consecutive runs (as archives of successive days), each
     * mined alone, then merged in order into one miner, as {@link Drain#merge(Drain)} does; a
     * line's group is the merged cluster its part's template went into.
     */
    static double mergedAccuracy(LoghubSet set, DrainConfig config, int parts) {
        List<String> messages = set.messages();
        Drain merged = new Drain(config);
        List<LogCluster> lineClusters = new ArrayList<>(messages.size());
        for (int p = 0; p < parts; p++) {
            Drain miner = new Drain(config);
            List<LogCluster> joined = new ArrayList<>();
            messages.subList(messages.size() * p / parts, messages.size() * (p + 1) / parts)
                    .forEach(m -> joined.add(miner.add(m)));
            Map<String, LogCluster> into = new HashMap<>();
            for (Template t : miner.templates()) {
                into.put(t.text(), merged.merge(t));
            }
            joined.forEach(c -> lineClusters.add(into.get(c.template())));
        }
        // Texts at the end: later parts may have generalised the clusters earlier lines went into.
        List<String> groups = new ArrayList<>(lineClusters.size());
        lineClusters.forEach(c -> groups.add(c.template()));
        return GroupingAccuracy.of(groups, set.eventIds());
    }

    private static List<String> groups(List<String> messages, Drain drain) {
        List<LogCluster> joined = new ArrayList<>(messages.size());
        messages.forEach(m -> joined.add(drain.add(m)));
        List<String> groups = new ArrayList<>(joined.size());
        joined.forEach(c -> groups.add(c.template())); // the final text: clusters generalise as lines arrive
        return groups;
    }
}
