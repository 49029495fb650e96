package dev.rewind.connectors.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory does not grow with the archive: a 2 GiB (raw) archive is written, indexed and decoded in
 * JVMs started with {@code -Xmx128m}. Child processes, because the heap limit is the point.
 */
class LargeArchiveMemoryTest {
    private static final long TWO_GIB = 2L << 30;

    @TempDir
    Path dir;

    @Test
    void twoGibibytesInA128MegabyteHeap() throws Exception {
        Path archive = dir.resolve("big.ndjson.zst");
        String written = runSmallHeap("write", archive.toString(), Long.toString(TWO_GIB));
        String indexed = runSmallHeap("index", archive.toString(), dir.resolve("index").toString());

        long lines = field(written, "lines");
        assertTrue(field(written, "raw") >= TWO_GIB, written);
        assertEquals(128, field(written, "maxHeapMiB"), "the child really ran with -Xmx128m");
        assertTrue(field(written, "frames") > 1000, "a framed archive of ~1 MiB frames: " + written);
        assertEquals(lines, field(indexed, "lines"), "the foreign indexer sees every line: " + indexed);
        assertEquals(lines, field(indexed, "records"), "every record decodes: " + indexed);
        assertEquals(field(written, "errors"), field(indexed, "errors"));
        assertEquals(field(written, "frames"), field(indexed, "frames"), "our frames are found again by the indexer");
    }

    private static long field(String line, String name) {
        Matcher m = Pattern.compile(name + "=(\\d+)").matcher(line);
        assertTrue(m.find(), name + " in " + line);
        return Long.parseLong(m.group(1));
    }

    private String runSmallHeap(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), LargeArchiveMain.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "child JVM failed: " + out);
        return out.strip();
    }
}
