package dev.rewind.connectors.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;

/** Sidecars written before store these hashes: whichever implementation computes them, the values must not change. */
class LineHashTest {
    @Test
    void valuesAreThoseOfTheReferenceImplementation() {
        var reference = XXHashFactory.safeInstance().hash64();
        Random random = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            int offset = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int length = bytes.length - offset;
            assertEquals(reference.hash(bytes, offset, length, 0x5265_7769_6E64L), LineHash.of(bytes, offset, length));
        }
        assertEquals("5a1f9e2d3c4b6a78".length(), LineHash.idOf(new byte[] {1, 2, 3}, 0, 3).length());
    }
}
