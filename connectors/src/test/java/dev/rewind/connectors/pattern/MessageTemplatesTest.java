package dev.rewind.connectors.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written masks must give exactly what the four regular expressions give. */
class MessageTemplatesTest {

    @Test
    void masksTheVariablePartsOfTypicalMessages() {
        assertEquals("Payment declined for order <*> code <*>",
                MessageTemplates.of("Payment declined for order ord-5200826 code 54"));
        assertEquals("Rate limit exceeded for client <*> on <*>",
                MessageTemplates.of("Rate limit exceeded for client 151.101.53.248 on /api/v1/checkout"));
        assertEquals("session <*> expired", MessageTemplates.of("session 123e4567-e89b-12d3-a456-426614174000 expired"));
        assertEquals("connect to <*> failed", MessageTemplates.of("  connect to 10.0.0.1:5432 failed "));
    }

    @Test
    void handWrittenMasksEqualTheRegularExpressionsOnGeneratedMessages() {
        Random random = new Random(5);
        String[] pieces = {"a", "Z", "_", "x9", "deadbeef", "-", ".", ":", "/", " ", "\t", "<*>", "=", "(", ")", ",",
            "0", "7", "123", "1234", "255.1.2.3", "1.2.3.4:80", "1.2.3.4:80x", "1.2.3.4567", "01.2.3.4", "v1.2.3.4",
            "1.2.3", "/api/v1", "/a", "/a/b/", "/a//b", "x/a/b", "/a.b/c-d_e", "123e4567-e89b-12d3-a456-426614174000",
            "DEADBEEF-DEAD-BEEF-DEAD-BEEFDEADBEEF", "g23e4567-e89b-12d3-a456-426614174000", "ord-5200826", "0x1f",
            "req-8f3a9", "12:30:45", "é", "ü2", "\u000b", "\f"};
        int differing = 0;
        TemplateMemo memo = new TemplateMemo(); // one for the whole run: its remembered digit shapes must never mislead
        for (int i = 0; i < 200_000; i++) {
            StringBuilder message = new StringBuilder();
            int n = 1 + random.nextInt(12);
            for (int k = 0; k < n; k++) {
                message.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = message.toString();
            String expected = MessageTemplates.byRegex(text);
            assertEquals(expected, MessageTemplates.of(text), () -> "for: " + text);
            byte[] bytes = ("xx" + text + "yy").getBytes(StandardCharsets.ISO_8859_1);
            if (text.chars().allMatch(c -> c < 128)) {
                assertEquals(expected, MessageTemplates.ofAscii(bytes, 2, bytes.length - 2), () -> "bytes of: " + text);
                assertEquals(expected, memo.templateOf(bytes, 2, bytes.length - 2), () -> "remembered, of: " + text);
                // the same digit shape with other digits: answered from the memo, and still right
                StringBuilder other = new StringBuilder(text);
                for (int k = 0; k < other.length(); k++) {
                    if (Character.isDigit(other.charAt(k)) && other.charAt(k) < 128) {
                        other.setCharAt(k, (char) ('0' + random.nextInt(10)));
                    }
                }
                String variant = other.toString();
                byte[] variantBytes = variant.getBytes(StandardCharsets.ISO_8859_1);
                assertEquals(MessageTemplates.byRegex(variant), memo.templateOf(variantBytes, 0, variantBytes.length),
                        () -> "remembered shape of " + text + ", for: " + variant);
            }
            if (!expected.equals(text.strip())) {
                differing++;
            }
        }
        assertTrue(differing > 100_000, "the generator should mostly make messages with something to mask: " + differing);
    }
}
