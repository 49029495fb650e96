package dev.rewind.server;

import dev.rewind.connectors.storage.RegionCache;
import dev.rewind.connectors.storage.Storages;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.connectors.archive.format.ArchiveSummary;
import dev.rewind.connectors.archive.format.IndexedArchive;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /api/archives}: the catalog. The JSON is rendered once per catalog version and kept,
 * so the answer costs a lookup however many archives there are.
 */
final class CatalogController {
    private final CatalogHolder catalog;
    private final ObjectMapper json;
    private final AtomicReference<Map.Entry<String, byte[]>> rendered = new AtomicReference<>();

    CatalogController(CatalogHolder catalog, ObjectMapper json) {
        this.catalog = catalog;
        this.json = json;
    }

    record ArchiveView(String archive, String tier, String codec, String format, long compressedBytes, long rawBytes,
                       double ratio, String minTs, String maxTs, long lines, long unparsed, Map<String, Long> levels,
                       List<String> services, int frames, String pathDate, boolean tokensIndexed,
                       List<String> damage, Double cachedShare) {
    }

    /**
     * @param indexing   archives found without a sidecar, being indexed in the background
     * @param problems   archives that could not be read, and why
     * @param duplicates byte-identical copies of another archive (counted once, from the original)
     */
    record CatalogView(String version, int count, String watermark, List<ArchiveView> archives, List<String> indexing,
                       List<String> problems, List<Map<String, String>> duplicates) {
    }

    void list(Context ctx) throws Exception {
        Catalog snapshot = catalog.snapshot();
        Map.Entry<String, byte[]> cached = rendered.get();
        // The SSD tier's size is in the key: a remote archive's cached share changes without a new catalog.
        RegionCache ssd = Storages.cache();
        String key = snapshot.version() + "/" + snapshot.pending().size() + "/" + snapshot.failed().size() + "/"
                + snapshot.duplicates().size() + "/" + (ssd == null ? 0 : ssd.bytes());
        if (cached == null || !cached.getKey().equals(key)) {
            List<ArchiveView> views = snapshot.archives().stream().map(CatalogController::view).toList();
            byte[] body = json.writeValueAsBytes(new CatalogView(snapshot.version(), views.size(),
                    snapshot.watermark().toString(), views,
                    snapshot.pending().stream().map(p -> p.archive().toString()).toList(),
                    snapshot.failed().stream().map(f -> f.archive() + ": " + f.reason()).toList(),
                    snapshot.duplicates().stream().map(d -> Map.of("archive", d.archive().toString(),
                            "duplicate_of", d.original().toString())).toList()));
            cached = Map.entry(key, body);
            rendered.set(cached);
        }
        ctx.contentType("application/json").result(cached.getValue());
    }

    /**
     * {@code POST /api/admin/refresh} (admin token): lists every root again now, the remote ones
     * too, instead of waiting for their schedule ({@code --remote-refresh}); new, rewritten and
     * removed objects are taken in before it answers. Archives found are indexed in the background.
     */
    void refresh(Context ctx) throws Exception {
        catalog.refreshRemote();
        Catalog snapshot = catalog.snapshot();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("version", snapshot.version());
        body.put("count", snapshot.archives().size());
        body.put("indexing", snapshot.pending().size());
        body.put("root_problems", catalog.rootProblems());
        ctx.json(body);
    }

    private static ArchiveView view(IndexedArchive a) {
        ArchiveSummary s = a.index().summary();
        Map<String, Long> levels = new java.util.LinkedHashMap<>();
        s.levels().asMap().forEach((level, n) -> levels.put(level.name(), n));
        String tier = Storages.of(a.archive()).tier();
        RegionCache ssd = Storages.cache();
        Double cachedShare = a.archive().isLocal() || ssd == null || s.compressedBytes() <= 0 ? null
                : Math.min(1.0, Math.round(1000.0 * ssd.bytesOf(a.file()) / s.compressedBytes()) / 1000.0);
        return new ArchiveView(a.archive().toString(), tier, s.codec().name().toLowerCase(), s.format().describe(),
                s.compressedBytes(), s.rawBytes(), Math.round(s.ratio() * 100) / 100.0,
                s.minTimestamp() == null ? null : s.minTimestamp().toString(),
                s.maxTimestamp() == null ? null : s.maxTimestamp().toString(), s.lines(), s.unparsed(), levels,
                s.services(), a.index().frames().size(), s.pathDate() == null ? null : s.pathDate().toString(),
                s.tokensIndexed(), s.damage().stream().map(d -> d.describe()).toList(), cachedShare);
    }
}
