package dev.rewind.connectors.pattern;

import java.util.Objects;

/**
 * The one parameter set of {@link TypeMiner}, the same for every log: no per-source formats,
 * masks or thresholds. The defaults are what {@code ./benchmarks/run patterns} chose on the shared
 * Loghub sets and checked by leaving half of them out (docs/benchmarks/patterns.md).
 *
 * @param drain          how message shapes cluster first ({@link Drain}: depth, similarity,
 *                       children, and the masks applied to each shape)
 * @param minValues      a token position becomes a variable, merging the sibling types that
 *                       differ only there, when it takes at least this many distinct words. Five,
 *                       because real events that differ in one word come in small closed sets
 *                       ({@code VM Started / Paused / Resumed / Stopped} are four OpenStack
 *                       events), while a word-valued variable (a service, a topic, a host, a user)
 *                       takes many values
 * @param minSharedWords the siblings must also share at least this many literal words besides
 *                       that position: in a message of one or two words, the word that differs is
 *                       the message ({@code halt (command <*>)} and {@code boot (command <*>)} are
 *                       different events)
 * @param absorbWildcard a sibling whose token there is already {@code <*>} (a masked value) takes
 *                       in the siblings with words there, whatever their number
 * @param maxShapes      distinct message shapes one mining holds; further new shapes are counted
 *                       under {@link TypeMiner#OTHER}: the bound on a mining's memory whatever the
 *                       time range
 */
public record TypeMinerConfig(DrainConfig drain, int minValues, int minSharedWords, boolean absorbWildcard,
                              int maxShapes) {

    public static final int DEFAULT_MIN_VALUES = 5;
    public static final int DEFAULT_MIN_SHARED_WORDS = 3;
    /**
     * About 1.5 KB a shape while mining (its text, its tokens, its cluster): 20,000 shapes stay near
     * 30 MB, within the demo's 176 MB heap. Sidecars keep at most 10,000 shapes an archive, and a
     * busy service's archive has a few hundred.
     */
    public static final int DEFAULT_MAX_SHAPES = 20_000;
    /**
     * Shapes the scan path holds per reader and at the client, each with a sample of at most
     * {@value #MAX_SAMPLE} characters: about 10 MB per holder at the bound, whatever the range.
     */
    public static final int SCAN_MAX_SHAPES = 10_000;
    /** Characters of a shape's sample kept on the scan path. */
    public static final int MAX_SAMPLE = 500;

    public TypeMinerConfig {
        Objects.requireNonNull(drain, "drain");
        if (minValues < 2) {
            throw new IllegalArgumentException("minValues must be at least 2, was " + minValues);
        }
        if (minSharedWords < 0) {
            throw new IllegalArgumentException("minSharedWords must not be negative, was " + minSharedWords);
        }
        if (maxShapes < 1) {
            throw new IllegalArgumentException("maxShapes must be at least 1, was " + maxShapes);
        }
    }

    /**
     * Children per tree node of the Drain stage. Drain's own 100 sends the 101st first word of a
     * length down one {@code <*>} branch, whose leaf then holds every later such shape, and each
     * new shape is compared with all of them: 50,000 shapes of varied text took 11 s to cluster,
     * 2.4 s with 1,000 children. The Loghub grouping is the same with either.
     */
    public static final int DEFAULT_MAX_CHILDREN = 1000;

    /**
     * Drain's defaults with the type masks ({@link Masking#types()}) and {@value #DEFAULT_MAX_CHILDREN}
     * children, five values, three shared words, wildcards absorbing.
     */
    public static TypeMinerConfig defaults() {
        return new TypeMinerConfig(DrainConfig.defaults().withMasking(Masking.types()).withMaxChildren(DEFAULT_MAX_CHILDREN),
                DEFAULT_MIN_VALUES,
                DEFAULT_MIN_SHARED_WORDS, true, DEFAULT_MAX_SHAPES);
    }

    public TypeMinerConfig withDrain(DrainConfig newDrain) {
        return new TypeMinerConfig(newDrain, minValues, minSharedWords, absorbWildcard, maxShapes);
    }

    public TypeMinerConfig withMinValues(int values) {
        return new TypeMinerConfig(drain, values, minSharedWords, absorbWildcard, maxShapes);
    }

    public TypeMinerConfig withMinSharedWords(int words) {
        return new TypeMinerConfig(drain, minValues, words, absorbWildcard, maxShapes);
    }

    public TypeMinerConfig withAbsorbWildcard(boolean absorb) {
        return new TypeMinerConfig(drain, minValues, minSharedWords, absorb, maxShapes);
    }

    public TypeMinerConfig withMaxShapes(int shapes) {
        return new TypeMinerConfig(drain, minValues, minSharedWords, absorbWildcard, shapes);
    }
}
