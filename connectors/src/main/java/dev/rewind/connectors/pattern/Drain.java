package dev.rewind.connectors.pattern;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Mines message templates online with Drain: P. He, J. Zhu, Z. Zheng and M. R. Lyu, "Drain: An
 * Online Log Parsing Approach with Fixed Depth Tree", IEEE ICWS 2017, pp. 33–40. A message is
 * masked ({@link Masking}), split into tokens at whitespace, routed through a fixed-depth tree by
 * its length and first tokens ({@link PrefixTree}), and joins the most similar cluster of its leaf
 * when the share of equal tokens reaches the similarity threshold; else it starts a cluster. Where
 * a joining message differs from the template, the template gets {@code <*>}. Meant for error
 * analysis's recurring patterns (DESIGN.md); {@code ./benchmarks/run patterns} measures it.
 *
 * <p>Differences from the paper and its reference code, each for Rewind's use: a template's
 * {@code <*>} counts as a match in the similarity ({@link LogCluster}); templates are identified by
 * their text ({@link Template#id()}), so ids agree across archives and runs, and two clusters that
 * end with the same text are one template in {@link #templates()}; and miners fed in parallel
 * combine with {@link #merge(Drain)}, which feeds the other miner's templates through this one's
 * tree, so near-identical templates from different archives become one.
 *
 * <p>Drain is order-sensitive: the templates depend on the order messages arrive in, and a merge
 * equals one miner over all the messages when the templates are well apart (no message is within
 * the threshold of two templates), which is the usual case. Not thread-safe: one miner per thread,
 * then merge.
 */
final class Drain {
    private static final Comparator<Template> BY_COUNT_THEN_TEXT =
            Comparator.comparingLong(Template::count).reversed().thenComparing(Template::text);

    private final DrainConfig config;
    private final PrefixTree tree;
    private final List<LogCluster> clusters = new ArrayList<>();

    public Drain(DrainConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.tree = new PrefixTree(config);
    }

    /** A miner with the benchmark-chosen {@link DrainConfig#defaults()}. */
    public Drain() {
        this(DrainConfig.defaults());
    }

    public DrainConfig config() {
        return config;
    }

    /** Adds a message without a time; returns the cluster it joined or started. */
    public LogCluster add(String message) {
        return add(message, null);
    }

    /**
     * Adds a message; returns the cluster it joined or started (a live view: its template may
     * generalise as later messages join).
     *
     * @param at the message's time, for the template's first and last seen; may be null
     */
    public LogCluster add(String message, Instant at) {
        Objects.requireNonNull(message, "message");
        return join(tokens(config.masking().apply(message)), 1, at, at, message);
    }

    /**
     * Adds a template mined elsewhere (another miner, another archive's index) with its count,
     * times and sample, as if its messages had come here: it joins a similar cluster or starts one.
     */
    public LogCluster merge(Template template) {
        return join(tokens(template.text()), template.count(), template.firstSeen(), template.lastSeen(),
                template.sample());
    }

    /**
     * Adds every template of {@code other}, most frequent first (a fixed order, so the result does
     * not depend on how the other miner stored them). {@code other} is not changed.
     */
    public void merge(Drain other) {
        if (other == this) {
            throw new IllegalArgumentException("a miner cannot merge itself");
        }
        for (Template template : other.templates()) {
            merge(template);
        }
    }

    /**
     * The templates, most frequent first, then by text: the same order for the same content.
     * Clusters whose templates ended with the same text are one template here.
     */
    public List<Template> templates() {
        Map<String, Template> byText = new LinkedHashMap<>();
        for (LogCluster cluster : clusters) {
            byText.merge(cluster.template(), cluster.toTemplate(), Drain::combine);
        }
        List<Template> result = new ArrayList<>(byText.values());
        result.sort(BY_COUNT_THEN_TEXT);
        return result;
    }

    /** Clusters so far (at least the number of templates). */
    public int clusterCount() {
        return clusters.size();
    }

    private LogCluster join(String[] tokens, long count, Instant first, Instant last, String sample) {
        LogCluster cluster = tree.match(tokens);
        if (cluster == null) {
            cluster = new LogCluster(tokens, count, first, last, sample);
            tree.insert(cluster);
            clusters.add(cluster);
        } else {
            cluster.absorb(tokens, count, first, last);
        }
        return cluster;
    }

    private static Template combine(Template a, Template b) {
        return Template.of(a.text(), a.count() + b.count(), earlier(a.firstSeen(), b.firstSeen()),
                later(a.lastSeen(), b.lastSeen()), a.sample());
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /** Whitespace-separated tokens, as the paper splits them; runs of spaces count as one. */
    static String[] tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                if (start >= 0) {
                    tokens.add(text.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            tokens.add(text.substring(start));
        }
        return tokens.toArray(new String[0]);
    }
}
