package dev.rewind.tier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What must not change when archives move between tiers: an answer's rows (without where each was
 * read from: a path before, a URI after), its total, aggregate and warnings — and whether it is exact.
 */
public final class AnswerEssence {
    private AnswerEssence() {
    }

    /** The answer as text, for equality: rows, total, aggregate, warnings. */
    public static String of(JsonNode answer) {
        StringBuilder b = new StringBuilder();
        if (answer.has("results")) {
            for (JsonNode row : answer.get("results")) {
                b.append(row.get("id").asText()).append(' ').append(row.get("timestamp").asText()).append(' ')
                        .append(row.get("level").asText()).append(' ').append(row.get("service").asText()).append(' ')
                        .append(row.get("message").asText()).append('\n');
            }
        }
        b.append("total ").append(answer.get("total")).append('\n');
        b.append("aggregate ").append(answer.get("aggregate")).append('\n');
        b.append("warnings ").append(answer.get("warnings")).append('\n');
        return b.toString();
    }

    /** Whether the answer says it is exact (its total's or its aggregate's flag). */
    public static boolean exact(JsonNode answer) {
        JsonNode flag = answer.has("aggregate") && !answer.get("aggregate").isNull()
                ? answer.get("aggregate").get("exact") : answer.get("total").get("exact");
        return flag != null && flag.asBoolean();
    }
}
