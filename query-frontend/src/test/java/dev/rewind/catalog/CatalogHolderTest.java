package dev.rewind.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import dev.rewind.connectors.archive.ArchiveFiles;
import dev.rewind.connectors.archive.SidecarIndex;
import dev.rewind.connectors.archive.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Foreign archives are served after the lean pass, and get their token index in the background. */
class CatalogHolderTest {
    @TempDir
    Path dir;

    @Test
    void foreignArchivesAreIndexedLeanThenGetTheirTokenIndexInTheBackground() throws Exception {
        Path store = dir.resolve("store");
        Path archive = store.resolve("dt=2024-03-01").resolve("app.ndjson.zst");
        Files.createDirectories(archive.getParent());
        StringBuilder lines = new StringBuilder();
        Instant t = Instant.parse("2024-03-01T00:00:00Z");
        for (int i = 0; i < 5000; i++) {
            lines.append("{\"timestamp\":\"").append(t.plusSeconds(i)).append("\",\"level\":\"")
                    .append(i % 10 == 0 ? "ERROR" : "INFO").append("\",\"service\":\"api\",\"message\":\"request r")
                    .append(i).append(" done\"}\n");
        }
        Files.write(archive, Zstd.compress(lines.toString().getBytes(StandardCharsets.UTF_8), 3));
        Path indexDir = dir.resolve("index");
        Path sidecar = ArchiveFiles.sidecarIn(indexDir, archive);

        ArchiveCatalog lean = ArchiveCatalog.load(List.of(store), indexDir, a -> { });
        assertEquals(1, lean.archives().size());
        assertFalse(lean.archives().get(0).index().summary().tokensIndexed(), "the CLI's pass is the lean one");
        assertEquals(500, lean.archives().get(0).index().summary().levels().get(dev.rewind.connectors.record.Level.ERROR));

        try (CatalogHolder holder = new CatalogHolder(List.of(store), indexDir)) {
            String version = holder.snapshot().version();
            SidecarIndex full = null;
            for (int i = 0; i < 200 && (full == null || !full.summary().tokensIndexed()); i++) {
                Thread.sleep(50);
                full = ArchiveFiles.readSidecar(archive, sidecar);
            }
            assertTrue(full.summary().tokensIndexed(), "the token index was added in the background");
            assertTrue(full.frames().get(0).bloom().mightContainAll(Tokens.hashesOf("r4999")));
            assertFalse(full.frames().get(0).bloom().mightContainAll(Tokens.hashesOf("r5001")));
            assertEquals(lean.archives().get(0).index().hours(), full.hours(), "nothing but the blooms changed");
            holder.reload();
            assertEquals(version, holder.snapshot().version(), "answers do not depend on it, so cached ones stay");
            assertTrue(holder.snapshot().catalog().archives().get(0).index().summary().tokensIndexed());
        }
    }
}
