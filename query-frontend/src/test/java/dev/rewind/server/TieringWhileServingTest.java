package dev.rewind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.catalog.ListingScope;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.StorageSettings;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.sample.CodecMode;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import dev.rewind.tier.AnswerEssence;
import dev.rewind.tier.TierReport;
import dev.rewind.tier.Tiering;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server over a local root and a bucket keeps answering while archives move from one to the
 * other under it: a real {@link RewindServer} on a socket, several clients asking the same questions
 * over and over (with no result cache, so each answer is computed from the archives as the catalog
 * has them at that moment), and {@link Tiering} moving a month of archives in the same JVM. Every
 * answer is exact and equal to the answer before the move — including those planned on a local
 * copy deleted before it was read — and afterwards {@code /api/archives} shows the moved archives
 * in the bucket, tier {@code remote}, with no restart.
 */
class TieringWhileServingTest {
    private static final String ROOT = "s3://tiers/logs";
    private static final LocalDate FIRST_CUT = LocalDate.of(2024, 1, 11);
    private static final LocalDate CUT = LocalDate.of(2024, 2, 15);
    private static final List<String> QUESTIONS = List.of(
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-02-29\",\"filters\":{\"level\":\"ERROR\"},"
                    + "\"aggregate\":{\"type\":\"count\"}}",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-02-29\",\"filters\":{\"level\":[\"WARN\",\"ERROR\"]},"
                    + "\"aggregate\":{\"type\":\"trend\",\"bucket\":\"day\"}}",
            "{\"start_time\":\"2024-01-25\",\"end_time\":\"2024-02-20\",\"filters\":{\"level\":\"ERROR\"},"
                    + "\"page_size\":1000,\"order\":\"asc\"}",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-02-29\",\"filters\":{\"text\":\"timeout\"},"
                    + "\"aggregate\":{\"type\":\"count\"}}",
            "{\"start_time\":\"2024-02-01\",\"end_time\":\"2024-02-14T12:00:00\",\"filters\":{\"text\":\"timeout\"},"
                    + "\"page_size\":500}");

    @TempDir
    static Path dir;
    static Path local;
    static EmbeddedS3 s3;
    static RewindServer server;
    static StorageSettings storage;
    static int days;

    @BeforeAll
    static void start() throws Exception {
        local = dir.resolve("local");
        days = new SampleGenerator(new SampleSpec(LocalDate.of(2024, 1, 1), 2, 300, 11, CodecMode.MIXED))
                .generate(local, n -> { }).days().size();
        s3 = EmbeddedS3.start(dir.resolve("s3"), "127.0.0.1", 0, "serve-access", "serve-secret-4242");
        Files.createDirectories(dir.resolve("s3").resolve("tiers"));
        storage = new StorageSettings(s3.flinkConfig(), Path.of("target", "plugins").toAbsolutePath(), dir.resolve("ssd"),
                64L << 20, StorageSettings.DEFAULT_REGION_BYTES, StorageSettings.DEFAULT_PARALLEL_GETS,
                StorageSettings.DEFAULT_MAX_GET_BYTES);
        // The bucket holds the first ten days already, as after an earlier run of `rewind tier`.
        Storages.configure(storage);
        TierReport first = tiering(FIRST_CUT).run();
        assertEquals(10, first.moved().size(), first.toString());
        server = RewindServer.start(ServerConfig.builder().roots(List.of(StoragePath.of(local), StoragePath.of(ROOT)))
                .storage(storage).port(0).flinkUiPort(0).prefetch(false).cacheBytes(0).build());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private static Tiering tiering(LocalDate cut) {
        return Tiering.builder().from(StoragePath.of(local)).to(StoragePath.of(ROOT))
                .olderThan(cut.atStartOfDay(ZoneOffset.UTC).toInstant()).build();
    }

    /** Each archive {@code on} lists, by the day in its path, with its tier and where it is. */
    private static Map<String, JsonNode> archivesByDay(RewindServer on) throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode a : TestHttp.get(on, "/api/archives").get("archives")) {
            String path = a.get("archive").asText();
            int at = path.indexOf("dt=");
            out.put(path.substring(at + 3, at + 13), a);
        }
        return out;
    }

    /** Whether every archive of {@code [from, to)} is listed remote, in the bucket. */
    private static boolean listedRemote(Map<String, JsonNode> byDay, LocalDate from, LocalDate to) {
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
            JsonNode a = byDay.get(d.toString());
            if (a == null || !a.get("tier").asText().equals("remote") || !a.get("archive").asText().startsWith(ROOT)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, JsonNode> awaitCatalog(RewindServer on) throws Exception {
        Map<String, JsonNode> listed = Map.of();
        for (int i = 0; i < 600 && listed.size() < days; i++) {
            listed = archivesByDay(on);
            Thread.sleep(100);
        }
        assertEquals(days, listed.size(), "the catalog knows every day, local and remote: " + listed.keySet());
        return listed;
    }

    /** Clients asking every question over and over, each answer checked exact and equal to the baseline. */
    private static final class Clients implements AutoCloseable {
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicInteger answered = new AtomicInteger();
        final Queue<String> wrong = new ConcurrentLinkedQueue<>();
        final List<Thread> threads = new ArrayList<>();
        final RewindServer on;
        final List<String> baseline;

        Clients(RewindServer on, List<String> baseline, int count) {
            this.on = on;
            this.baseline = baseline;
            for (int t = 0; t < count; t++) {
                int offset = t;
                Thread client = new Thread(() -> {
                    for (int round = 0; !done.get() && wrong.isEmpty(); round++) {
                        ask((round + offset) % QUESTIONS.size());
                    }
                }, "client-" + t);
                client.start();
                threads.add(client);
            }
        }

        void ask(int n) {
            try {
                JsonNode answer = TestHttp.query(on, QUESTIONS.get(n));
                if (!AnswerEssence.exact(answer)) {
                    wrong.add("not exact: " + QUESTIONS.get(n) + " -> " + answer.get("warnings"));
                } else if (!AnswerEssence.of(answer).equals(baseline.get(n))) {
                    wrong.add("another answer: " + QUESTIONS.get(n) + "\n" + AnswerEssence.of(answer));
                }
                answered.incrementAndGet();
            } catch (Throwable e) {
                wrong.add("failed: " + QUESTIONS.get(n) + ": " + e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            done.set(true);
            for (Thread c : threads) {
                c.join(60_000);
            }
            assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        }
    }

    @Test
    void answersStayExactAndTheSameWhileArchivesMoveUnderTheServer() throws Exception {
        awaitCatalog(server);
        List<String> baseline = new ArrayList<>();
        for (String q : QUESTIONS) {
            JsonNode answer = TestHttp.query(server, q);
            assertTrue(AnswerEssence.exact(answer), q + " -> " + answer);
            baseline.add(AnswerEssence.of(answer));
        }

        // 1. The server as it runs by default (the local root looked at every 5 s): a month moves
        //    under three clients, and the catalog follows on its own.
        int during;
        int total;
        try (Clients clients = new Clients(server, baseline, 3)) {
            Thread.sleep(1_000);
            int beforeMove = clients.answered.get();
            TierReport report = tiering(CUT).run();
            assertEquals(35, report.moved().size(), "January 11 to February 14: " + report);
            assertTrue(report.refused().isEmpty(), report.refused().toString());
            during = clients.answered.get() - beforeMove;
            Map<String, JsonNode> after = Map.of();
            for (int i = 0; i < 300 && !listedRemote(after, FIRST_CUT, CUT); i++) {
                after = archivesByDay(server);
                Thread.sleep(100);
            }
            assertTrue(listedRemote(after, FIRST_CUT, CUT), "the moved archives are listed remote: " + after);
            int followed = clients.answered.get();
            while (clients.answered.get() < followed + 2 * QUESTIONS.size() && clients.wrong.isEmpty()) {
                Thread.sleep(100); // and a few rounds after
            }
            total = clients.answered.get();
        }
        assertTrue(during > 0, "answers while the archives moved: " + during);
        Map<String, JsonNode> listed = archivesByDay(server);
        assertEquals(days, listed.size(), "each day's archive listed once");
        for (Map.Entry<String, JsonNode> e : listed.entrySet()) {
            boolean remote = LocalDate.parse(e.getKey()).isBefore(CUT);
            assertEquals(remote ? "remote" : "local", e.getValue().get("tier").asText(), e.getValue().toString());
            assertEquals(remote, e.getValue().get("archive").asText().startsWith(ROOT + "/dt="), e.getValue().toString());
        }

        // 2. The moment between a local copy's deletion and the catalog's next look, held open: a
        //    second server whose catalog does not refresh on its own. Every archive it lists as local
        //    in the week that moves is gone from the disk; its queries read the copies, exactly.
        CatalogHolder.Options noRefresh = new CatalogHolder.Options(Duration.ZERO, 2, true, true, false, Duration.ZERO,
                ListingScope.ALL);
        LocalDate week = CUT.plusDays(7);
        try (RewindServer held = RewindServer.start(ServerConfig.builder()
                .roots(List.of(StoragePath.of(local), StoragePath.of(ROOT))).catalog(noRefresh)
                .port(0).flinkUiPort(0).prefetch(false).cacheBytes(0).build())) {
            awaitCatalog(held);
            int heldAnswers;
            try (Clients clients = new Clients(held, baseline, 2)) {
                TierReport report = tiering(week).run();
                assertEquals(7, report.moved().size(), report.toString());
                Map<String, JsonNode> stale = archivesByDay(held);
                for (LocalDate d = CUT; d.isBefore(week); d = d.plusDays(1)) {
                    JsonNode a = stale.get(d.toString());
                    assertEquals("local", a.get("tier").asText(), "not looked at again yet: " + a);
                    assertTrue(Files.notExists(Path.of(a.get("archive").asText())), a.toString());
                }
                for (int n = 0; n < QUESTIONS.size(); n++) {
                    clients.ask(n); // planned and read on archives gone from the disk
                }
                heldAnswers = clients.answered.get();
            }
            held.catalog().refresh(); // what the schedule does: the catalog follows, no restart
            assertTrue(listedRemote(archivesByDay(held), CUT, week), "the week is listed remote after a refresh");
            for (int n = 0; n < QUESTIONS.size(); n++) {
                JsonNode answer = TestHttp.query(held, QUESTIONS.get(n));
                assertTrue(AnswerEssence.exact(answer), answer.toString());
                assertEquals(baseline.get(n), AnswerEssence.of(answer), QUESTIONS.get(n));
            }
            System.out.printf("tiering while serving: %d answers (%d during the move of a month); %d answers over a "
                    + "catalog holding deleted local copies%n", total, during, heldAnswers);
        }
    }
}
