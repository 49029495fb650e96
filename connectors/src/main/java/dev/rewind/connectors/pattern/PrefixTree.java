package dev.rewind.connectors.pattern;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drain's fixed-depth parse tree (He et al., ICWS 2017; the steps "search by log message length",
 * "search by preceding tokens" and "search by token similarity"): the first layer below the root
 * splits messages by their number of tokens, the next {@code depth - 3} layers by their leading
 * tokens, and each leaf holds the clusters a message is compared with. Fixing the depth bounds
 * that comparison, which is what lets Drain parse online, one message at a time. Used by
 * {@link Drain} only. Not thread-safe.
 */
final class PrefixTree {
    private static final String WILDCARD = MessageTemplates.WILDCARD;

    private static final class Node {
        final Map<String, Node> children = new HashMap<>();
        final List<LogCluster> clusters = new ArrayList<>();
    }

    private final int tokenLayers;
    private final int maxChildren;
    private final double threshold;
    private final Map<Integer, Node> byLength = new HashMap<>();

    PrefixTree(DrainConfig config) {
        this.tokenLayers = config.depth() - 3;
        this.maxChildren = config.maxChildren();
        this.threshold = config.similarityThreshold();
    }

    /**
     * The most similar cluster in the message's leaf, or null when none reaches the threshold.
     * Ties go to the cluster with more wildcards (the more general one), then to the older.
     */
    LogCluster match(String[] tokens) {
        Node node = byLength.get(tokens.length);
        int layers = Math.min(tokenLayers, tokens.length);
        for (int i = 0; i < layers && node != null; i++) {
            Node child = node.children.get(tokens[i]);
            node = child != null ? child : node.children.get(WILDCARD);
        }
        if (node == null) {
            return null;
        }
        LogCluster best = null;
        double bestSimilarity = -1;
        int bestWildcards = -1;
        for (LogCluster cluster : node.clusters) {
            double similarity = cluster.similarity(tokens);
            if (similarity > bestSimilarity
                    || (similarity == bestSimilarity && cluster.wildcards() > bestWildcards)) {
                best = cluster;
                bestSimilarity = similarity;
                bestWildcards = cluster.wildcards();
            }
        }
        return bestSimilarity >= threshold ? best : null;
    }

    /**
     * Files a new cluster under its leading tokens. A token with a digit goes down the {@code <*>}
     * branch (the paper's heuristic: such tokens are usually variables, and a branch per value
     * would scatter one template over many leaves), as does any new token once a node has
     * {@code maxChildren - 1} named children.
     */
    void insert(LogCluster cluster) {
        Node node = byLength.computeIfAbsent(cluster.length(), n -> new Node());
        int layers = Math.min(tokenLayers, cluster.length());
        for (int i = 0; i < layers; i++) {
            node = node.children.computeIfAbsent(branch(node, cluster.token(i)), t -> new Node());
        }
        node.clusters.add(cluster);
    }

    private String branch(Node node, String token) {
        if (node.children.containsKey(token)) {
            return token;
        }
        if (hasDigit(token)) {
            return WILDCARD;
        }
        // One slot is kept for <*>: a node with maxChildren - 1 named children sends the rest there.
        int named = node.children.size() - (node.children.containsKey(WILDCARD) ? 1 : 0);
        return named < maxChildren - 1 ? token : WILDCARD;
    }

    private static boolean hasDigit(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (Character.isDigit(token.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
