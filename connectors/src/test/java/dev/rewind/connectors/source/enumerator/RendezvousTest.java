package dev.rewind.connectors.source.enumerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ownership by rendezvous hashing: spread, stable, and moved only where a location changed. */
class RendezvousTest {
    private static final List<String> THREE = List.of("tm-a", "tm-b", "tm-c");

    private static Map<String, String> owners(List<String> locations) {
        Map<String, String> owners = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            String key = "s3://logs/dt=2024-01-" + i + "/app.zst\n1000\n" + i;
            owners.put(key, Rendezvous.owner(key, locations));
        }
        return owners;
    }

    @Test
    void spreadsArchivesAndKeepsThemWhereTheyWere() {
        Map<String, String> before = owners(THREE);
        for (String location : THREE) {
            long owned = before.values().stream().filter(location::equals).count();
            assertTrue(owned > 150 && owned < 250, location + " owns " + owned + " of 600");
        }
        assertEquals(before, owners(List.of("tm-c", "tm-a", "tm-b")), "the order locations are listed in does not matter");
        Map<String, String> after = owners(List.of("tm-a", "tm-b"));
        before.forEach((key, owner) -> {
            if (!owner.equals("tm-c")) {
                assertEquals(owner, after.get(key), "only tm-c's archives move when tm-c leaves");
            }
        });
    }
}
