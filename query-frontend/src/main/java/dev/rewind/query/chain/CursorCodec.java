package dev.rewind.query.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.query.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes and reads opaque cursors: the position as JSON, base64url, then an HMAC-SHA256 of it
 * under this server's key. An edited cursor (a time or id changed to jump elsewhere) fails the
 * check and is a 400, never a page from somewhere else. Thread-safe.
 */
public final class CursorCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();
    private final byte[] key;

    /** @param key the signing key (32 random bytes; kept where cursors must survive a restart) */
    public CursorCodec(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("a cursor key needs at least 16 bytes");
        }
        this.key = key.clone();
    }

    /** A codec with a fresh random key (cursors of an earlier process are refused). */
    public static CursorCodec random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new CursorCodec(key);
    }

    public String encode(Cursor c) {
        byte[] payload = JSON.createObjectNode().put("f", c.fingerprint()).put("t", c.timestamp().toString())
                .put("i", c.id()).toString().getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
    }

    /** @throws BadRequestException naming {@code cursor} when it is not one this server wrote, unchanged */
    public Cursor decode(String text) {
        int dot = text.indexOf('.');
        try {
            if (dot < 0) {
                throw new IllegalArgumentException("no signature");
            }
            byte[] payload = UNB64.decode(text.substring(0, dot));
            byte[] signature = UNB64.decode(text.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, mac(payload))) {
                throw new IllegalArgumentException("bad signature");
            }
            JsonNode node = JSON.readTree(payload);
            return new Cursor(node.get("f").asText(), Instant.parse(node.get("t").asText()), node.get("i").asText());
        } catch (Exception e) {
            throw new BadRequestException("cursor", "not a cursor this server wrote, or one that was changed; "
                    + "pass back next_cursor exactly as received, or start again without a cursor");
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = mac.doFinal(payload);
            return java.util.Arrays.copyOf(full, 16); // 128 bits: forging one is out of reach, the cursor stays short
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }
}
