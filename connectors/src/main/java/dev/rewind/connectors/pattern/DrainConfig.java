package dev.rewind.connectors.pattern;

import java.util.Objects;

/**
 * The parameters of {@link Drain}. The defaults are the one parameter set that {@code
 * ./benchmarks/run patterns} found best on average over the eight Loghub sets
 * (docs/benchmarks/patterns.md); Drain's authors tuned per set instead. They are deep and strict:
 * the tree routes on a message's first nine tokens, so messages that differ in a word there get
 * different templates, as Loghub's ground truth wants ({@code VM Paused} and {@code VM Resumed}
 * are two events). The price is that a variable word without digits in those positions (a user
 * name) splits its template, up to {@code maxChildren} values per tree node; a shallower tree
 * (depth 4 to 6) with a lower threshold generalises such words instead, and groups Loghub worse.
 *
 * @param depth               depth of the parse tree's leaves (the lists of clusters), counted as
 *                            Drain's reference code counts it: the root, the length layer,
 *                            {@code depth - 3} layers of leading tokens, then the leaves; at least
 *                            3 (no token layer)
 * @param similarityThreshold a message joins a cluster when at least this share of its tokens
 *                            equal the template's or fall on its {@code <*>} (the paper's
 *                            {@code st}), in [0, 1]
 * @param maxChildren         children per inner node; once full, new tokens go down the {@code <*>}
 *                            branch, so a variable first word cannot grow the tree without bound
 * @param masking             applied to every message before it is tokenised
 */
public record DrainConfig(int depth, double similarityThreshold, int maxChildren, Masking masking) {

    public static final int DEFAULT_DEPTH = 12;
    public static final double DEFAULT_SIMILARITY_THRESHOLD = 0.8;
    public static final int DEFAULT_MAX_CHILDREN = 100;

    public DrainConfig {
        if (depth < 3) {
            throw new IllegalArgumentException("depth must be at least 3 (root, length layer, leaves), was " + depth);
        }
        if (!(similarityThreshold >= 0 && similarityThreshold <= 1)) {
            throw new IllegalArgumentException("similarityThreshold must be in [0, 1], was " + similarityThreshold);
        }
        if (maxChildren < 2) {
            throw new IllegalArgumentException("maxChildren must be at least 2 (one token and <*>), was " + maxChildren);
        }
        Objects.requireNonNull(masking, "masking");
    }

    public static DrainConfig defaults() {
        return new DrainConfig(DEFAULT_DEPTH, DEFAULT_SIMILARITY_THRESHOLD, DEFAULT_MAX_CHILDREN, Masking.standard());
    }

    public DrainConfig withDepth(int newDepth) {
        return new DrainConfig(newDepth, similarityThreshold, maxChildren, masking);
    }

    public DrainConfig withSimilarityThreshold(double threshold) {
        return new DrainConfig(depth, threshold, maxChildren, masking);
    }

    public DrainConfig withMaxChildren(int children) {
        return new DrainConfig(depth, similarityThreshold, children, masking);
    }

    public DrainConfig withMasking(Masking newMasking) {
        return new DrainConfig(depth, similarityThreshold, maxChildren, newMasking);
    }
}
