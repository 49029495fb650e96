package dev.rewind.query.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.api.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The opaque {@code next_cursor}: the query's fingerprint and the (timestamp, id) of the last row
 * served, so the next page resumes exactly after it, in the same order, whatever arrived since.
 */
public record Cursor(String fingerprint, Instant timestamp, String id) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String encode() {
        String json = JSON.createObjectNode().put("f", fingerprint).put("t", timestamp.toString()).put("i", id).toString();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws BadRequestException naming {@code cursor} when it is not one of ours */
    public static Cursor decode(String text) {
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(text));
            return new Cursor(node.get("f").asText(), Instant.parse(node.get("t").asText()), node.get("i").asText());
        } catch (Exception e) {
            throw new BadRequestException("cursor", "malformed cursor; pass back next_cursor exactly as received");
        }
    }
}
