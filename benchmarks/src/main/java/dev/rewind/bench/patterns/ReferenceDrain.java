package dev.rewind.bench.patterns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Drain as the logparser benchmark runs it (He et al., ICWS 2017; logpai/logparser), the baseline
 * the patterns benchmark scores beside Rewind's types: per-set regular expressions replace their
 * matches with {@code <*>}, the message splits at whitespace, the tree routes on its length and
 * then on {@code depth - 3} leading tokens (a token with a digit, or any token once a node has
 * {@code maxChild} children, goes down {@code <*>}), and it joins the leaf's most similar cluster
 * when the share of equal tokens reaches {@code st}; a template's {@code <*>} counts as unequal
 * there, and ties go to the template with more {@code <*>}. Written here from that description so
 * both run in one harness on the same inputs; with the published settings ({@link DrainSettings})
 * it should land near the published figures. Not thread-safe; one instance per set.
 */
final class ReferenceDrain {
    private static final String WILDCARD = "<*>";

    private static final class Node {
        final Map<String, Node> children = new HashMap<>();
        final List<Cluster> clusters = new ArrayList<>();
    }

    private static final class Cluster {
        String[] template;

        Cluster(String[] template) {
            this.template = template;
        }
    }

    private final List<Pattern> masks;
    private final int tokenLayers;
    private final double st;
    private final int maxChild;
    private final Map<Integer, Node> byLength = new HashMap<>();

    ReferenceDrain(DrainSettings settings) {
        this.masks = settings.regexes().stream().map(Pattern::compile).toList();
        this.tokenLayers = settings.depth() - 3;
        this.st = settings.st();
        this.maxChild = 100;
    }

    /** Each message's template, as its cluster ended (clusters generalise as messages join). */
    static List<String> templates(List<String> messages, DrainSettings settings) {
        ReferenceDrain drain = new ReferenceDrain(settings);
        List<Cluster> joined = new ArrayList<>(messages.size());
        for (String message : messages) {
            joined.add(drain.add(message));
        }
        List<String> texts = new ArrayList<>(joined.size());
        joined.forEach(c -> texts.add(String.join(" ", c.template)));
        return texts;
    }

    private Cluster add(String message) {
        String masked = message;
        for (Pattern mask : masks) {
            masked = mask.matcher(masked).replaceAll(WILDCARD);
        }
        String stripped = masked.strip();
        String[] tokens = stripped.isEmpty() ? new String[0] : stripped.split("\\s+");
        Cluster match = search(tokens);
        if (match == null) {
            match = new Cluster(tokens);
            insert(match);
        } else {
            for (int i = 0; i < tokens.length; i++) {
                if (!tokens[i].equals(match.template[i])) {
                    match.template[i] = WILDCARD;
                }
            }
        }
        return match;
    }

    private Cluster search(String[] tokens) {
        Node node = byLength.get(tokens.length);
        if (node == null) {
            return null;
        }
        for (int i = 0; i < Math.min(tokenLayers, tokens.length); i++) {
            Node next = node.children.get(tokens[i]);
            if (next == null) {
                next = node.children.get(WILDCARD);
            }
            if (next == null) {
                return null;
            }
            node = next;
        }
        Cluster best = null;
        double bestSimilarity = -1;
        int bestWildcards = -1;
        for (Cluster cluster : node.clusters) {
            int same = 0;
            int wildcards = 0;
            for (int i = 0; i < tokens.length; i++) {
                if (cluster.template[i].equals(WILDCARD)) {
                    wildcards++;
                } else if (cluster.template[i].equals(tokens[i])) {
                    same++;
                }
            }
            double similarity = tokens.length == 0 ? 1.0 : (double) same / tokens.length;
            if (similarity > bestSimilarity || (similarity == bestSimilarity && wildcards > bestWildcards)) {
                best = cluster;
                bestSimilarity = similarity;
                bestWildcards = wildcards;
            }
        }
        return bestSimilarity >= st ? best : null;
    }

    private void insert(Cluster cluster) {
        String[] tokens = cluster.template;
        Node node = byLength.computeIfAbsent(tokens.length, n -> new Node());
        for (int i = 0; i < Math.min(tokenLayers, tokens.length); i++) {
            String token = tokens[i];
            Node next = node.children.get(token);
            if (next == null) {
                String branch;
                if (hasDigit(token)) {
                    branch = WILDCARD;
                } else if (node.children.containsKey(WILDCARD)) {
                    branch = node.children.size() < maxChild ? token : WILDCARD;
                } else {
                    branch = node.children.size() + 1 < maxChild ? token : WILDCARD;
                }
                next = node.children.computeIfAbsent(branch, b -> new Node());
            }
            node = next;
        }
        node.clusters.add(cluster);
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
