package dev.rewind.bench.patterns;

/**
 * One Loghub set's row of the table.
 *
 * @param templatesFound  distinct templates the miner ended with
 * @param truthTemplates  distinct ground-truth templates (EventIds) in the set
 * @param accuracy        grouping accuracy of one miner over the set, in [0, 1]
 * @param mergedAccuracy  the same, mined as {@code parts} consecutive parts and merged
 * @param published       Drain's published grouping accuracy (per-set tuned parameters)
 */
record SetResult(String name, int lines, int templatesFound, int truthTemplates, double accuracy,
                 double mergedAccuracy, double published) {

    double difference() {
        return accuracy - published;
    }
}
