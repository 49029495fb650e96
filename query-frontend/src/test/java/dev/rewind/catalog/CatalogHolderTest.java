package dev.rewind.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import dev.rewind.connectors.archive.ArchiveFiles;
import dev.rewind.connectors.archive.Sidecar;
import dev.rewind.connectors.archive.SidecarDetails;
import dev.rewind.connectors.archive.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

        try (CatalogHolder command = new CatalogHolder(List.of(store), new SidecarPlacement(indexDir),
                CatalogHolder.Options.command())) {
            assertEquals(1, command.snapshot().pending().size(), "found, not indexed before a query asks");
            Catalog lean = command.awaitIndexed(t, t.plusSeconds(5000), Duration.ofMinutes(1));
            assertEquals(1, lean.archives().size());
            assertFalse(lean.archives().get(0).index().summary().tokensIndexed(), "a command's pass is the lean one");
            assertEquals(500, lean.archives().get(0).index().summary().levels().get(dev.rewind.connectors.record.Level.ERROR));
        }
        SidecarDetails leanDetails = ArchiveFiles.readDetails(sidecar, false);

        try (CatalogHolder holder = new CatalogHolder(List.of(store), new SidecarPlacement(indexDir),
                CatalogHolder.Options.server())) {
            String version = holder.snapshot().version();
            Sidecar full = null;
            for (int i = 0; i < 200 && (full == null || !full.index().summary().tokensIndexed()); i++) {
                Thread.sleep(50);
                full = ArchiveFiles.readAll(archive, sidecar);
            }
            assertTrue(full.index().summary().tokensIndexed(), "the token index was added in the background");
            assertTrue(full.details().bloom(0).mightContainAll(Tokens.hashesOf("r4999")));
            assertFalse(full.details().bloom(0).mightContainAll(Tokens.hashesOf("r5001")));
            assertEquals(leanDetails.hours(), full.details().hours(), "nothing but the blooms changed");
            holder.refresh();
            assertEquals(version, holder.snapshot().version(), "answers do not depend on it, so cached ones stay");
            assertTrue(holder.snapshot().archives().get(0).index().summary().tokensIndexed(), "the catalog read it again");
        }
    }
}
