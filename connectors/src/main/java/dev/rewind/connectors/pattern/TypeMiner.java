package dev.rewind.connectors.pattern;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Mines the types a person reads as "recurring error types" (and the patterns aggregate) from
 * message shapes with counts, in three steps, each from a published approach:
 * <ol>
 * <li>each shape ({@link MessageTemplates#of}: the message with numbers, ids, addresses and paths
 *     masked, which the indexer already computes for every WARN+ line at archive time) is masked
 *     once more with {@link Masking#types()} (the generalisable masks of Qin et al., 2024);</li>
 * <li>the shapes cluster with {@link Drain} (He et al., ICWS 2017), most frequent first, so that
 *     shapes a few tokens apart share a template;</li>
 * <li>sibling templates that differ in one position taking many distinct words merge
 *     ({@link SiblingMerge}, after Brain, Yu et al., 2023): a word-valued variable — a service, a
 *     topic, a host, a user — becomes {@code <*>} whether or not it holds a digit.</li>
 * </ol>
 * Working on shapes rather than lines keeps this cheap and bounded: a day of a busy service has a
 * few hundred shapes however many lines, the sidecars hold them with their hourly counts, and
 * six months of them mine in milliseconds. The result depends only on the set of shapes and
 * their counts, never on the order they were added in, so two runs over the same archives give
 * the same types and ids.
 *
 * <p>Memory: at most {@link TypeMinerConfig#maxShapes()} distinct shapes are held; beyond that a
 * new shape's messages are counted under {@link #OTHER}. Not thread-safe: one miner per thread.
 */
public final class TypeMiner {
    /** The shape that stands for every shape beyond the bound. */
    public static final String OTHER = "<other>";

    private static final Comparator<Map.Entry<String, Long>> MOST_FREQUENT_FIRST =
            Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    private final TypeMinerConfig config;
    private final Map<String, Long> shapes = new HashMap<>();

    public TypeMiner(TypeMinerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A miner with {@link TypeMinerConfig#defaults()}. */
    public TypeMiner() {
        this(TypeMinerConfig.defaults());
    }

    public TypeMinerConfig config() {
        return config;
    }

    /**
     * Adds {@code count} messages of one shape.
     *
     * @return the shape the messages were counted under: {@code shape}, or {@link #OTHER} when the
     *         miner already holds its bound of shapes
     */
    public String add(String shape, long count) {
        Objects.requireNonNull(shape, "shape");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        String key = shapes.containsKey(shape) || shapes.size() < config.maxShapes() ? shape : OTHER;
        shapes.merge(key, count, Long::sum);
        return key;
    }

    /** Distinct shapes held (at most the bound, plus {@link #OTHER}). */
    public int shapeCount() {
        return shapes.size();
    }

    /** The types of every shape added so far. The miner can take more shapes and mine again. */
    public TypeMining mine() {
        List<Map.Entry<String, Long>> ordered = new ArrayList<>(shapes.entrySet());
        ordered.sort(MOST_FREQUENT_FIRST); // Drain is order-sensitive: a fixed order makes a fixed answer
        Drain drain = new Drain(config.drain());
        Masking masking = config.drain().masking();
        Map<String, LogCluster> clusterOf = new HashMap<>();
        Map<String, String[]> tokensOf = new HashMap<>();
        for (Map.Entry<String, Long> shape : ordered) {
            String masked = masking.apply(shape.getKey());
            tokensOf.put(shape.getKey(), Drain.tokens(masked));
            clusterOf.put(shape.getKey(), drain.merge(Template.of(masked, shape.getValue(), null, null, masked)));
        }
        // Cluster texts are final only now: clusters generalise as later shapes join.
        Map<LogCluster, String> clusterText = new IdentityHashMap<>();
        clusterOf.values().forEach(c -> clusterText.put(c, c.template()));
        Map<String, String> merged = SiblingMerge.merge(clusterText.values(), config);

        Map<String, List<String>> shapesOfType = new LinkedHashMap<>();
        Map<String, Long> countOfType = new HashMap<>();
        for (Map.Entry<String, Long> shape : ordered) { // most frequent first, so each type's shapes are too
            String type = merged.get(clusterText.get(clusterOf.get(shape.getKey())));
            shapesOfType.computeIfAbsent(type, t -> new ArrayList<>()).add(shape.getKey());
            countOfType.merge(type, shape.getValue(), Long::sum);
        }
        List<MinedType> types = new ArrayList<>();
        shapesOfType.forEach((text, members) ->
                types.add(new MinedType(MessageTemplates.idOf(text), text, countOfType.get(text), members)));
        types.sort(Comparator.comparingLong(MinedType::count).reversed().thenComparing(MinedType::text));
        return new TypeMining(types, tokensOf, shapes);
    }

    /**
     * The type of each message, by its text: the product's grouping of lines, as the benchmark
     * and the accuracy tests score it. Messages are shaped with {@link MessageTemplates#of}, as the
     * indexer shapes them.
     */
    public static List<String> typeTexts(List<String> messages, TypeMinerConfig config) {
        TypeMiner miner = new TypeMiner(config);
        List<String> shapeOfLine = new ArrayList<>(messages.size());
        for (String message : messages) {
            shapeOfLine.add(miner.add(MessageTemplates.of(message), 1));
        }
        TypeMining mining = miner.mine();
        List<String> texts = new ArrayList<>(messages.size());
        shapeOfLine.forEach(shape -> texts.add(mining.typeOf(shape).text()));
        return texts;
    }
}
