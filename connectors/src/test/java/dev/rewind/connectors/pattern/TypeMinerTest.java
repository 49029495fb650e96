package dev.rewind.connectors.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Word-valued variables found from the data, what stays apart, values with counts, order and bounds. */
class TypeMinerTest {
    private static final List<String> SERVICES = List.of("auth", "billing", "orders", "search", "api-gateway", "inventory");

    private static TypeMining mine(Map<String, Long> messages) {
        TypeMiner miner = new TypeMiner();
        messages.forEach((m, n) -> miner.add(MessageTemplates.of(m), n));
        return miner.mine();
    }

    private static List<String> texts(TypeMining mining) {
        return mining.types().stream().map(MinedType::text).toList();
    }

    @Test
    void aWordVariableWithManyValuesIsOneTypeWithItsValuesCounted() {
        Map<String, Long> messages = new LinkedHashMap<>();
        for (int i = 0; i < SERVICES.size(); i++) {
            messages.put("Connection timeout to " + SERVICES.get(i) + " after 30012 ms", 100L + i);
        }
        TypeMining mining = mine(messages);
        assertEquals(List.of("Connection timeout to <*> after <*> ms"), texts(mining));
        MinedType type = mining.types().get(0);
        assertEquals(615, type.count());
        assertEquals(MessageTemplates.idOf(type.text()), type.id());
        List<TypeVariable> variables = mining.variables(type, 3);
        assertEquals(1, variables.size(), "the masked number has no words to show");
        TypeVariable to = variables.get(0);
        assertEquals(3, to.position());
        assertEquals("to", to.label());
        assertEquals(List.of(new TypeVariable.Value("inventory", 105), new TypeVariable.Value("api-gateway", 104),
                new TypeVariable.Value("search", 103)), to.values());
        assertEquals(100 + 101 + 102, to.other(), "the three least frequent words");
        assertEquals("to {inventory 105, api-gateway 104, search 103, other 303}", to.describe(3),
                "the three words kept, and the messages of the others");
        assertEquals("to {inventory 105, +2 more}", to.describe(1));
        assertEquals("<*> {admin 3, other 1,200}",
                new TypeVariable(0, null, List.of(new TypeVariable.Value("admin", 3)), 1200).describe(3));
    }

    @Test
    void aFewAlternativeWordsAreDifferentEvents() {
        Map<String, Long> messages = new LinkedHashMap<>();
        for (String state : List.of("Started", "Paused", "Resumed", "Stopped")) {
            messages.put("[instance: 1b2c] VM " + state + " (Lifecycle Event)", 10L);
        }
        assertEquals(4, mine(messages).types().size(), "four values are below the five that make a variable");
    }

    @Test
    void inAShortMessageTheWordThatDiffersIsTheMessage() {
        Map<String, Long> messages = new LinkedHashMap<>();
        for (String action : List.of("boot", "halt", "wait", "reset", "power", "dump")) {
            messages.put(action + " (command 2015)", 10L);
        }
        assertEquals(6, mine(messages).types().size(), "one shared word: not siblings");
    }

    @Test
    void aWordBesideAMaskedValueAtTheSamePositionIsAVariable() {
        Map<String, Long> messages = new LinkedHashMap<>();
        messages.put("Failed password for user u-1842 from 10.0.0.1", 40L);
        messages.put("Failed password for user admin from 10.0.0.1", 3L);
        TypeMining mining = mine(messages);
        assertEquals(List.of("Failed password for user <*> from <*>"), texts(mining));
        TypeVariable user = mining.variables(mining.types().get(0), 5).get(0);
        assertEquals(List.of(new TypeVariable.Value("admin", 3)), user.values());
        assertEquals(40, user.other(), "masked values are counted, not listed");
    }

    @Test
    void twoWordVariablesMergeOneAfterTheOther() {
        Map<String, Long> messages = new LinkedHashMap<>();
        List<String> topics = List.of("orders", "payments", "stock", "emails", "audit");
        for (String service : SERVICES) {
            for (String topic : topics) {
                messages.put("Consumer " + service + " lost partition of topic " + topic + " during rebalance", 3L);
            }
        }
        TypeMining mining = mine(messages);
        assertEquals(List.of("Consumer <*> lost partition of topic <*> during rebalance"), texts(mining));
        List<TypeVariable> variables = mining.variables(mining.types().get(0), 10);
        assertEquals(List.of(1, 6), variables.stream().map(TypeVariable::position).toList());
        assertEquals(6, variables.get(0).values().size());
        assertEquals(5, variables.get(1).values().size());
    }

    @Test
    void theTypesDependOnTheShapesNotOnTheirOrder() {
        List<String> lines = new ArrayList<>();
        for (String service : SERVICES) {
            lines.add("Retry budget exhausted calling " + service + " for request req-88");
            lines.add("Upstream " + service + " returned status 503");
            lines.add("Cache miss for key user:12 on " + service);
        }
        lines.add("Cache miss for key user:12 on");
        TypeMiner a = new TypeMiner();
        lines.forEach(l -> a.add(MessageTemplates.of(l), 1));
        Collections.shuffle(lines, new Random(7));
        TypeMiner b = new TypeMiner();
        lines.forEach(l -> b.add(MessageTemplates.of(l), 1));
        assertEquals(a.mine().types(), b.mine().types());
        assertEquals(List.of("Cache miss for key <*> on <*>", "Retry budget exhausted calling <*> for request <*>",
                "Upstream <*> returned status <*>", "Cache miss for key <*> on"), texts(a.mine()));
    }

    @Test
    void theMinerHoldsABoundedNumberOfShapes() {
        TypeMiner miner = new TypeMiner(TypeMinerConfig.defaults().withMaxShapes(3));
        assertEquals("alpha one", miner.add("alpha one", 1));
        miner.add("beta two", 1);
        miner.add("gamma three", 1);
        assertEquals(TypeMiner.OTHER, miner.add("delta four", 5));
        assertEquals("alpha one", miner.add("alpha one", 2), "a shape already held still counts as itself");
        assertEquals(4, miner.shapeCount());
        TypeMining mining = miner.mine();
        assertEquals(5, mining.typeOf(TypeMiner.OTHER).count());
        assertNull(mining.typeOf("delta four"));
        assertEquals(10, mining.types().stream().mapToLong(MinedType::count).sum(), "every message counted once");
    }

    @Test
    void linesGroupByTheirTypes() {
        List<String> lines = new ArrayList<>();
        for (String service : SERVICES) {
            lines.add("Connection timeout to " + service + " after 30001 ms");
        }
        lines.add("Disk full on /var/lib/data");
        List<String> texts = TypeMiner.typeTexts(lines, TypeMinerConfig.defaults());
        assertEquals(Collections.nCopies(6, "Connection timeout to <*> after <*> ms"), texts.subList(0, 6));
        assertEquals("Disk full on <*>", texts.get(6));
    }

    @Test
    void badSettingsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> TypeMinerConfig.defaults().withMinValues(1));
        assertThrows(IllegalArgumentException.class, () -> TypeMinerConfig.defaults().withMaxShapes(0));
        assertThrows(IllegalArgumentException.class, () -> new TypeMiner().add("x", 0));
    }
}
