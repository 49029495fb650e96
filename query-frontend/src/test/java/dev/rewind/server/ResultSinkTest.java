package dev.rewind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.query.run.ResultStore;
import dev.rewind.sample.CodecMode;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results through the sink, over HTTP: two servers over the same archives, one sending every
 * records job's rows to result files (threshold 0), one collecting them (threshold out of reach),
 * give the same answers page by page (newest first with a limit, oldest first through the whole
 * range, a text search); the answer says which path its rows took; the result files are gone once
 * merged; and a query whose jobs wrote far more rows than a window pages through.
 */
class ResultSinkTest {
    @TempDir
    static Path dir;
    static RewindServer files;
    static RewindServer collect;

    @BeforeAll
    static void start() throws Exception {
        Path archives = dir.resolve("archives");
        new SampleGenerator(new SampleSpec(LocalDate.of(2024, 1, 1), 1, 400, 9, CodecMode.MIXED)).generate(archives, n -> { });
        files = server(archives, "files", 0);
        collect = server(archives, "collect", Long.MAX_VALUE);
    }

    private static RewindServer server(Path archives, String name, long threshold) throws Exception {
        return RewindServer.start(ServerConfig.builder().archives(List.of(archives)).port(0).flinkUiPort(0)
                .cacheDir(dir.resolve("cache-" + name)).cacheBytes(16L << 20).prefetch(false)
                .results(null, ResultStore.ResultSettings.DEFAULTS.withThreshold(threshold)).build());
    }

    @AfterAll
    static void stop() throws Exception {
        files.close();
        collect.close();
    }

    private static String records(String filters, String order, int pageSize, String cursor) {
        return "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-31\",\"filters\":" + filters + ",\"order\":\""
                + order + "\",\"page_size\":" + pageSize + (cursor == null ? "" : ",\"cursor\":\"" + cursor + "\"") + "}";
    }

    /** Every page of a question, up to {@code maxPages}, on {@code server}, with its caches emptied first. */
    private static List<JsonNode> pages(RewindServer server, String filters, String order, int pageSize, int maxPages)
            throws Exception {
        TestHttp.delete(server, "/api/cache");
        List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = TestHttp.query(server, records(filters, order, pageSize, cursor));
            pages.add(page);
            cursor = page.get("page").path("next_cursor").isNull() ? null : page.get("page").path("next_cursor").asText(null);
        } while (cursor != null && pages.size() < maxPages);
        return pages;
    }

    /**
     * What a person sees of a page, as JSON values (a record's {@code fields} object may list its
     * keys in another order): its rows, whether more follow, the total when exact. Cursors are signed
     * per server.
     */
    private static List<JsonNode> seen(JsonNode page) {
        JsonNode total = page.get("total");
        // An inexact total is a lower bound: the matches of the splits read before the scan stopped, which
        // depends on how far the readers got by then, on either path. An exact one must be equal.
        return List.of(page.get("results"), page.get("page").get("has_more"),
                total.get("exact").asBoolean() ? total : total.get("exact"));
    }

    /** Where two pages part, briefly (a whole page is too long to read in a failure). */
    private static String difference(JsonNode a, JsonNode b) {
        JsonNode ra = a.get("results");
        JsonNode rb = b.get("results");
        for (int i = 0; i < Math.min(ra.size(), rb.size()); i++) {
            if (!ra.get(i).equals(rb.get(i))) {
                return "row " + i + ": " + brief(ra.get(i)) + " vs " + brief(rb.get(i)) + " / " + ra.get(i) + " vs " + rb.get(i);
            }
        }
        return "rows " + ra.size() + " vs " + rb.size() + ", more " + a.get("page").get("has_more") + " vs "
                + b.get("page").get("has_more") + ", total " + a.get("total") + " vs " + b.get("total");
    }

    private static String brief(JsonNode row) {
        return row.get("timestamp").asText() + "/" + row.get("id").asText();
    }

    private static void sameAnswers(String filters, String order, int pageSize, int maxPages) throws Exception {
        List<JsonNode> viaFiles = pages(files, filters, order, pageSize, maxPages);
        List<JsonNode> viaCollect = pages(collect, filters, order, pageSize, maxPages);
        assertEquals(viaCollect.size(), viaFiles.size(), filters + " " + order + ": as many pages");
        for (int i = 0; i < viaFiles.size(); i++) {
            List<JsonNode> a = seen(viaCollect.get(i));
            List<JsonNode> b = seen(viaFiles.get(i));
            if (!a.equals(b)) {
                assertEquals(a.toString(), b.toString(), filters + " " + order + ": page " + i + " differs: " + difference(viaCollect.get(i), viaFiles.get(i)));
            }
        }
        assertTrue(viaFiles.get(0).get("results").size() > 0, "a non-trivial answer");
        assertEquals("files", viaFiles.get(0).get("stats").get("results").asText(), "the rows went through result files");
        assertEquals("collect", viaCollect.get(0).get("stats").get("results").asText(), "the rows were collected");
        assertTrue(viaFiles.get(0).get("stats").get("result_files").get("count").asInt() > 0);
        assertTrue(viaCollect.get(0).get("stats").path("result_files").isMissingNode());
        assertEquals(List.of(), leftovers(), "result files are deleted once merged");
    }

    private static List<Path> leftovers() throws Exception {
        Path root = dir.resolve("cache-files").resolve("results");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void newestFirstWithALimit() throws Exception {
        sameAnswers("{\"level\":[\"ERROR\",\"WARN\"]}", "desc", 50, 3);
    }

    @Test
    void oldestFirstThroughTheWholeRange() throws Exception {
        sameAnswers("{}", "asc", 1000, 100);
    }

    @Test
    void textSearch() throws Exception {
        sameAnswers("{\"text\":\"timeout\"}", "desc", 100, 100);
    }

    @Test
    void aQueryWithFarMoreRowsThanAWindowPagesThroughFromFiles() throws Exception {
        // The first page's window is 1,000 rows (five pages of 200); the job's files hold every match of the
        // splits it read, more than that (how many more depends on how far the readers got before the early
        // stop): the merge takes the window and stops, the rest is never held.
        // Paging on, every later window is another job's files merged the same way: the month's 12,000-odd
        // rows pass through, 1,000 at a time.
        List<JsonNode> pages = pages(files, "{}", "asc", 200, 1000);
        JsonNode first = pages.get(0).get("stats");
        long written = first.get("result_files").get("rows").asLong();
        assertTrue(written > 1001, "the job wrote " + written + " rows to files for a window of 1,000");
        long total = pages.stream().mapToLong(p -> p.get("results").size()).sum();
        List<String> ids = new ArrayList<>();
        pages.forEach(p -> p.get("results").forEach(r -> ids.add(r.get("timestamp").asText() + r.get("id").asText())));
        assertEquals(ids.size(), ids.stream().distinct().count(), "no row twice across pages");
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertEquals(sorted, ids, "oldest first, across pages");
        assertTrue(pages.stream().allMatch(p -> "files".equals(p.get("stats").path("results").asText("files"))));
        assertFalse(pages.get(pages.size() - 1).get("page").get("has_more").asBoolean(), "paged to the end");
        assertTrue(total > 10_000, "paged through all " + total + " rows");
    }
}
