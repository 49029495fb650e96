package dev.rewind.connectors.pattern;

import java.time.Instant;

/**
 * One cluster of a {@link Drain} miner: the messages that joined it and their common template.
 * The miner generalises the template as messages join ({@code <*>} where they differ), so a
 * cluster handed out by {@link Drain#add} reads as the cluster is now, not as it was. Not
 * thread-safe: read it from the thread that feeds the miner.
 */
final class LogCluster {
    private static final String WILDCARD = MessageTemplates.WILDCARD;

    private final String[] tokens;
    private final String sample;
    private long count;
    private Instant firstSeen;
    private Instant lastSeen;
    private int wildcards;
    private String text;

    LogCluster(String[] tokens, long count, Instant firstSeen, Instant lastSeen, String sample) {
        this.tokens = tokens.clone();
        this.count = count;
        this.firstSeen = firstSeen;
        this.lastSeen = lastSeen;
        this.sample = sample;
        for (String token : this.tokens) {
            if (WILDCARD.equals(token)) {
                wildcards++;
            }
        }
    }

    /** The template's id, derived from its current text ({@link MessageTemplates#idOf}). */
    public String id() {
        return MessageTemplates.idOf(template());
    }

    /** The current template: tokens joined by one space, variable ones as {@code <*>}. */
    public String template() {
        if (text == null) {
            text = String.join(" ", tokens);
        }
        return text;
    }

    /** Messages in the cluster. */
    public long count() {
        return count;
    }

    /** A snapshot of this cluster. */
    public Template toTemplate() {
        return Template.of(template(), count, firstSeen, lastSeen, sample);
    }

    int length() {
        return tokens.length;
    }

    String token(int i) {
        return tokens[i];
    }

    /** Wildcards in the template: the tie-break between equally similar clusters (more wins, as in the paper). */
    int wildcards() {
        return wildcards;
    }

    /**
     * The paper's simSeq: the share of positions where the message's token is
     * the template's. A {@code <*>} in the template accepts any token, as a wildcard should.
     * Drain's reference code counts it as a mismatch instead, which goes wrong once messages are
     * masked: a message with masked values falls short of its own template, and at the default
     * threshold that rule made 1,629 clusters of the HDFS set's 2,000 lines (this one makes 16).
     */
    double similarity(String[] message) {
        if (tokens.length == 0) {
            return 1.0; // two empty messages: nothing differs
        }
        int same = 0;
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].equals(message[i]) || WILDCARD.equals(tokens[i])) {
                same++;
            }
        }
        return (double) same / tokens.length;
    }

    /** Takes in {@code messages} messages with these tokens: where they differ, the template becomes {@code <*>}. */
    void absorb(String[] message, long messages, Instant first, Instant last) {
        for (int i = 0; i < tokens.length; i++) {
            if (!tokens[i].equals(message[i])) {
                tokens[i] = WILDCARD;
                wildcards++;
                text = null;
            }
        }
        count += messages;
        if (first != null && (firstSeen == null || first.isBefore(firstSeen))) {
            firstSeen = first;
        }
        if (last != null && (lastSeen == null || last.isAfter(lastSeen))) {
            lastSeen = last;
        }
    }

    @Override
    public String toString() {
        return template() + " (" + count + ")";
    }
}
