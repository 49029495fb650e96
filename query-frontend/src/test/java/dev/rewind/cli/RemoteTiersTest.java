package dev.rewind.cli;

import static dev.rewind.cli.CliRun.rewind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.cli.CliRun.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.connectors.storage.StorageStats;
import dev.rewind.server.EmbeddedS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The tiers in front of object storage, measured the way a user sees them (each answer's
 * {@code stats.storage}) against an S3-compatible server in this JVM holding six months of
 * sample archives: a one-day question lists only that day's prefixes and fetches a sliver of the
 * bucket, then is answered from the SSD tier with no remote bytes, again after a restart; and
 * the faults a bucket has — 500s, an object deleted under a query, a damaged cache file — cost
 * neither exactness nor honesty.
 */
class RemoteTiersTest {
    private static final String ACCESS = "tiers-access";
    private static final String SECRET = "tiers-secret-5521";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path local;
    static EmbeddedS3 s3;
    /** Every n-th GET of an object's bytes answers 500 (0: none). */
    static final AtomicInteger failEvery = new AtomicInteger();
    static final AtomicLong gets = new AtomicLong();
    static final AtomicLong injected = new AtomicLong();
    /** The key whose next GET finds it deleted (it is deleted then), or null. */
    static final AtomicReference<String> deleteOnGet = new AtomicReference<>();

    /** The store with faults a real bucket has, injected into the requests S3Proxy serves. */
    private static final class Faults extends ForwardingBlobStore {
        private final Path base;

        Faults(BlobStore store, Path base) {
            super(store);
            this.base = base;
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            String key = request.key();
            if (!key.endsWith(".idx")) {
                long n = gets.incrementAndGet();
                int every = failEvery.get();
                if (every > 0 && n % every == 0) {
                    injected.incrementAndGet();
                    throw S3Exceptions.fromStatusCode(500);
                }
                if (key.equals(deleteOnGet.get())) {
                    try {
                        Files.delete(base.resolve(request.bucket()).resolve(key));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    deleteOnGet.set(null);
                }
            }
            return super.getBlob(request);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        local = dir.resolve("local");
        Result sample = rewind("sample", "--months", "6", "--lines-per-day", "200", "--seed", "21", "--out",
                local.toString());
        assertEquals(0, sample.code(), sample.err());
        Path base = dir.resolve("s3");
        copy(base.resolve("logs/six"), d -> true);
        copy(base.resolve("logs/flaky"), d -> d.isAfter(LocalDate.parse("2024-03-09"))
                && d.isBefore(LocalDate.parse("2024-03-17")));
        copy(base.resolve("logs/gone"), d -> d.isAfter(LocalDate.parse("2024-03-14"))
                && d.isBefore(LocalDate.parse("2024-03-18")));
        copy(base.resolve("logs/needle"), d -> d.isAfter(LocalDate.parse("2024-03-13"))
                && d.isBefore(LocalDate.parse("2024-03-17")));
        s3 = EmbeddedS3.start(base, "127.0.0.1", 0, ACCESS, SECRET, store -> new Faults(store, base));
    }

    /** The sample's archives (not their sidecars) of the days {@code wanted} takes, into a bucket's prefix. */
    private static void copy(Path prefix, java.util.function.Predicate<LocalDate> wanted) throws Exception {
        try (Stream<Path> files = Files.walk(local)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String folder = f.getParent().getFileName().toString();
                if (f.getFileName().toString().endsWith(".idx") || !folder.startsWith("dt=")
                        || !wanted.test(LocalDate.parse(folder.substring(3)))) {
                    continue;
                }
                Path target = prefix.resolve(local.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    /** {@code rewind query --format json --no-cache} over {@code root}, the SSD tier in {@code ssd} (null: none). */
    private static JsonNode query(String root, Path ssd, String... rest) throws Exception {
        List<String> args = new ArrayList<>(List.of("query", "--archives", root, "--cache-dir",
                dir.resolve("answers").toString(), "--no-cache", "--format", "json",
                "-Ds3.endpoint=" + s3.endpoint(), "-Ds3.path.style.access=true",
                "-Ds3.access-key=" + ACCESS, "-Ds3.secret-key=" + SECRET));
        if (ssd == null) {
            args.addAll(List.of("--ssd-cache-mb", "0"));
        } else {
            args.addAll(List.of("--ssd-cache-dir", ssd.toString()));
        }
        args.addAll(List.of(rest));
        Result r = rewind(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains(SECRET) || r.err().contains(SECRET), "the secret key is never shown");
        return JSON.readTree(r.out());
    }

    private static List<String> rows(JsonNode answer) {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : answer.get("results")) {
            rows.add(row.get("id").asText() + " " + row.get("timestamp").asText() + " " + row.get("message").asText());
        }
        return rows;
    }

    private static long stat(JsonNode answer, String name) {
        return answer.get("stats").get("storage").get(name).asLong();
    }

    private static long listRequests() {
        return ((Number) StorageStats.remote().get("list_requests")).longValue();
    }

    private static long processRemoteBytes() {
        return ((Number) StorageStats.remote().get("bytes")).longValue();
    }

    private static long bytesUnder(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    @Test
    void aOneDayQuestionOverSixMonthsListsThatDayFetchesASliverThenComesFromTheSsdAcrossRestarts() throws Exception {
        String[] day = {"--from", "2024-03-15", "--to", "2024-03-15", "--level", "ERROR", "--limit", "1000"};
        List<String> truth = rows(query(local.toString(), null, day));
        assertFalse(truth.isEmpty());
        long bucket = bytesUnder(dir.resolve("s3/logs/six"));
        long folders;
        try (Stream<Path> f = Files.list(dir.resolve("s3/logs/six"))) {
            folders = f.count();
        }
        Path ssd = dir.resolve("ssd-day");

        long lists0 = listRequests();
        long bytes0 = processRemoteBytes();
        JsonNode cold = query("s3://logs/six", ssd, day);
        long lists = listRequests() - lists0;
        long fetched = processRemoteBytes() - bytes0;
        System.out.printf("one day of %d day folders: %d list requests; %,d of %,d bucket bytes fetched (%.2f%%); "
                + "answer stats %s%n", folders, lists, fetched, bucket, 100.0 * fetched / bucket, cold.get("stats"));
        assertEquals(truth, rows(cold));
        // The root, then the day's folder and its neighbours (a day's lines may spill a day either side).
        assertTrue(lists <= 4, lists + " list requests for a bucket of " + folders + " day folders");
        assertTrue(fetched > 0 && fetched < bucket * 2 / 100, "fetched " + fetched + " of " + bucket);

        for (int restart = 1; restart <= 2; restart++) { // each command is a new SSD tier over the same folder
            JsonNode warm = query("s3://logs/six", ssd, day);
            assertEquals(truth, rows(warm), "restart " + restart);
            assertEquals(0, stat(warm, "remote_bytes"), "restart " + restart + ": " + warm.get("stats"));
            assertEquals(0, stat(warm, "remote_requests"), "restart " + restart + ": " + warm.get("stats"));
            assertTrue(stat(warm, "ssd_hit_bytes") > 0, warm.get("stats").toString());
        }
    }

    @Test
    void aDamagedCacheFileIsDetectedAndFetchedAgainNeverServed() throws Exception {
        String[] week = {"--from", "2024-03-10", "--to", "2024-03-16", "--level", "WARN,ERROR", "--limit", "5000"};
        List<String> truth = rows(query(local.toString(), null, week));
        Path ssd = dir.resolve("ssd-damaged");
        assertEquals(truth, rows(query("s3://logs/flaky", ssd, week)));
        List<Path> regions;
        try (Stream<Path> files = Files.list(ssd)) {
            regions = files.filter(f -> f.getFileName().toString().endsWith(".rgn")).toList();
        }
        assertFalse(regions.isEmpty(), "the SSD tier holds regions");
        for (Path region : regions) { // a bad disk: one byte of every region's data flipped
            byte[] bytes = Files.readAllBytes(region);
            bytes[bytes.length / 2] ^= 0x5A;
            Files.write(region, bytes);
        }
        long damaged0 = ((Number) StorageStats.ssd().get("damaged_regions")).longValue();
        JsonNode again = query("s3://logs/flaky", ssd, week);
        assertEquals(truth, rows(again), "nothing damaged was served");
        long damaged = ((Number) StorageStats.ssd().get("damaged_regions")).longValue() - damaged0;
        assertTrue(damaged > 0, "damage detected");
        assertTrue(stat(again, "remote_bytes") > 0, "fetched again: " + again.get("stats"));
    }

    @Test
    void aWordNoArchiveHoldsIsAnsweredWithoutFetchingAnyAndTheSkippedBytesSaySo() throws Exception {
        Result indexed = rewind("index", "--ssd-cache-mb", "0", "-Ds3.endpoint=" + s3.endpoint(),
                "-Ds3.path.style.access=true", "-Ds3.access-key=" + ACCESS, "-Ds3.secret-key=" + SECRET,
                "s3://logs/needle");
        assertEquals(0, indexed.code(), indexed.err());
        long archiveBytes;
        try (Stream<Path> files = Files.walk(dir.resolve("s3/logs/needle"))) {
            archiveBytes = files.filter(f -> Files.isRegularFile(f) && !f.toString().endsWith(".idx"))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
        long gets0 = gets.get();
        JsonNode answer = query("s3://logs/needle", dir.resolve("ssd-needle"), "--from", "2024-03-14", "--to",
                "2024-03-16", "--text", "qzxvwk", "--limit", "100");
        assertEquals(0, answer.get("results").size(), answer.toString());
        assertTrue(answer.get("total").get("exact").asBoolean(), answer.toString());
        assertEquals(0, gets.get() - gets0, "the token filters in the sidecars ruled out every frame: "
                + answer.get("stats"));
        assertEquals(archiveBytes, stat(answer, "skipped_bytes"), "every archive byte of the range was saved, and "
                + "the answer says so: " + answer.get("stats"));
    }

    @Test
    void serverErrorsAreRetriedAndTheAnswerIsExact() throws Exception {
        String[] week = {"--from", "2024-03-10", "--to", "2024-03-16", "--text", "timeout", "--limit", "5000"};
        List<String> truth = rows(query(local.toString(), null, week));
        failEvery.set(3);
        long before = injected.get();
        try {
            JsonNode answer = query("s3://logs/flaky", null, week);
            assertTrue(injected.get() - before > 0, "500s were answered");
            assertEquals(truth, rows(answer));
            assertEquals(0, answer.get("warnings").size(), answer.get("warnings").toString());
            assertTrue(answer.get("total").get("exact").asBoolean());
        } finally {
            failEvery.set(0);
        }
    }

    @Test
    void anObjectDeletedUnderAQueryIsAWarningNamingItAndTheRestIsExact() throws Exception {
        String[] days = {"--from", "2024-03-15", "--to", "2024-03-17", "--limit", "5000"};
        // Indexed first (sidecars beside the objects), so the object is read only by the query.
        Result indexed = rewind("index", "--ssd-cache-mb", "0", "-Ds3.endpoint=" + s3.endpoint(),
                "-Ds3.path.style.access=true", "-Ds3.access-key=" + ACCESS, "-Ds3.secret-key=" + SECRET,
                "s3://logs/gone");
        assertEquals(0, indexed.code(), indexed.err());
        String victim;
        try (Stream<Path> f = Files.list(dir.resolve("s3/logs/gone/dt=2024-03-16"))) {
            victim = f.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".idx")).findFirst().orElseThrow();
        }
        JsonNode localAnswer = query(local.toString(), null, days);
        List<String> rest = new ArrayList<>();
        for (JsonNode row : localAnswer.get("results")) {
            if (!row.get("source").get("archive").asText().endsWith(victim)) {
                rest.add(row.get("id").asText() + " " + row.get("timestamp").asText() + " "
                        + row.get("message").asText());
            }
        }
        deleteOnGet.set("gone/dt=2024-03-16/" + victim);
        JsonNode answer = query("s3://logs/gone", null, days);
        assertEquals(null, deleteOnGet.get(), "the object was deleted when the query came to read it");
        assertEquals(rest, rows(answer), "every other archive answered in full");
        assertEquals(1, answer.get("warnings").size(), answer.toString());
        String warning = answer.get("warnings").get(0).asText();
        assertTrue(warning.contains("s3://logs/gone/dt=2024-03-16/" + victim), warning);
        assertFalse(answer.get("total").get("exact").asBoolean());
    }
}
