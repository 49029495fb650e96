package dev.rewind.sample;

import com.fasterxml.jackson.core.io.SerializedString;
import dev.rewind.connectors.record.Level;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One service of the sample system: its hosts, its share of the traffic and the templates it logs
 * at each level. Immutable.
 */
final class ServiceProfile {
    private final String name;
    private final SerializedString jsonName;
    private final SerializedString[] hosts;
    private final int weight;
    private final MessageTemplate[][] byLevel = new MessageTemplate[Level.COUNT][];
    private final int[][] cumulative = new int[Level.COUNT][];

    /**
     * @param templates every template the service logs; each level the generator draws (DEBUG to
     *                  FATAL) needs at least one
     */
    ServiceProfile(String name, int weight, int hostCount, List<MessageTemplate> templates) {
        this.name = name;
        this.jsonName = new SerializedString(name);
        this.weight = weight;
        this.hosts = new SerializedString[hostCount];
        for (int i = 0; i < hostCount; i++) {
            hosts[i] = new SerializedString(name + "-" + (i + 1));
        }
        for (Level level : Catalog.LEVELS) {
            MessageTemplate[] ofLevel = templates.stream().filter(t -> t.level() == level)
                    .toArray(MessageTemplate[]::new);
            if (ofLevel.length == 0) {
                throw new IllegalArgumentException("service " + name + " has no " + level + " template");
            }
            int[] sums = new int[ofLevel.length];
            int sum = 0;
            for (int i = 0; i < ofLevel.length; i++) {
                sum += ofLevel[i].weight();
                sums[i] = sum;
            }
            byLevel[level.ordinal()] = ofLevel;
            cumulative[level.ordinal()] = sums;
        }
    }

    String name() {
        return name;
    }

    SerializedString jsonName() {
        return jsonName;
    }

    int weight() {
        return weight;
    }

    int hostCount() {
        return hosts.length;
    }

    SerializedString host(int i) {
        return hosts[i];
    }

    /** A template of {@code level}, by weight. */
    MessageTemplate pick(Level level, SplittableRandom r) {
        MessageTemplate[] ofLevel = byLevel[level.ordinal()];
        if (ofLevel.length == 1) {
            return ofLevel[0];
        }
        int[] sums = cumulative[level.ordinal()];
        int x = r.nextInt(sums[sums.length - 1]);
        int i = 0;
        while (sums[i] <= x) {
            i++;
        }
        return ofLevel[i];
    }
}
