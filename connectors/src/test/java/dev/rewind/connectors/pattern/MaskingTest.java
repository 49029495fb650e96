package dev.rewind.connectors.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each standard mask alone and all together, on the shapes of variable that real logs carry. */
class MaskingTest {

    private static String only(String rule, String message) {
        return Masking.of(List.of(rule)).apply(message);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "number | took 250 ms                       | took <*> ms",
            "number | size -3.75 KB                     | size <*> KB",
            "number | PacketResponder 1 for blk_-16089  | PacketResponder <*> for <*>",
            "number | (HWID=1973) on node-148           | (HWID=<*>) on <*>",
            "number | port:8080                         | port:<*>",
            "hex    | reg 0x1f and deadbeef99 and cafe  | reg <*> and <*> and cafe",
            "ip     | from 10.10.34.11:45307 now        | from <*> now",
            "ip     | /10.10.34.11 and 1.2.3.4.5        | /<*> and 1.2.3.4.5",
            "uuid   | [instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] | [instance: <*>]",
            "path   | ok /etc/httpd/conf/workers2.properties | ok <*>",
            "path   | GET /v2/54fa/servers/detail?all=True HTTP/1.1 | GET <*> HTTP/1.1",
            "path   | url http://example.com/a/b?q=1    | url <*>",
            "path   | /tmp and HTTP/1.1 stay            | /tmp and HTTP/1.1 stay"})
    void eachRuleMasksItsShape(String rule, String message, String masked) {
        assertEquals(masked, only(rule, message));
    }

    @Test
    void standardMasksAllAndJoinsLists() {
        Masking standard = Masking.standard();
        assertEquals("<*> \"GET <*> <*>\" status: <*> len: <*> time: <*>", standard.apply(
                "10.11.10.1,10.11.10.2 \"GET /v2/54fadb412c/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829"));
        assertEquals("list <*> done", standard.apply("list 3,5,8 done"));
        assertEquals("user alice logged in", standard.apply("user alice logged in"), "words without digits are text");
        assertEquals(List.of("path", "uuid", "ip", "hex", "number", "joined"),
                standard.rules().stream().map(Masking.Rule::name).toList());
    }

    @Test
    void noneLeavesTheMessageAlone() {
        assertEquals("took 250 ms at 10.0.0.1", Masking.none().apply("took 250 ms at 10.0.0.1"));
    }

    @Test
    void chosenRulesKeepTheStandardOrder() {
        Masking m = Masking.of(List.of("number", "ip"));
        assertEquals(List.of(Masking.IP, Masking.NUMBER), m.rules());
        // IP first: the address is one wildcard, not a word the number rule would cut at ':'.
        assertEquals("at <*>", m.apply("at 10.0.0.1:80"));
        assertEquals(Masking.of(List.of("ip", "number")), m);
    }

    @Test
    void unknownRuleNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Masking.of(List.of("ipv6")));
        assertTrue(e.getMessage().contains("'ipv6'") && e.getMessage().contains("number"), e.getMessage());
    }

    @Test
    void customRulesEqualByTheirText() {
        assertEquals(Masking.Rule.of("mac", "[0-9a-f]{2}(:[0-9a-f]{2}){5}"), Masking.Rule.of("mac", "[0-9a-f]{2}(:[0-9a-f]{2}){5}"));
        Masking mac = new Masking(List.of(Masking.Rule.of("mac", "[0-9a-f]{2}(?::[0-9a-f]{2}){5}")));
        assertEquals("link <*> up", mac.apply("link 00:1b:21:3a:4f:9c up"));
    }
}
