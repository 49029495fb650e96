package dev.rewind.cli;

import static dev.rewind.cli.CliRun.rewind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.cli.CliRun.Result;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.StorageSettings;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.TierLog;
import dev.rewind.server.EmbeddedS3;
import dev.rewind.tier.AnswerEssence;
import dev.rewind.tier.TierReport;
import dev.rewind.tier.Tiering;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * {@code rewind tier} against an S3-compatible server in this JVM (S3Proxy, filesystem store):
 * exactly the archives older than the cut-off leave, with their sidecars, byte for byte; answers
 * over the local root (which follows its moves log) and over local + bucket are those of before; a
 * run stopped between copy and delete is finished by the next without a file twice; a copy the
 * store damaged is refused and the local copy kept.
 */
class TierCommandTest {
    private static final String ACCESS = "tier-access";
    private static final String SECRET = "tier-secret-8812";
    private static final String BUCKET = "tiers";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] QUESTIONS = {
        {"--from", "2024-01-01", "--to", "2024-02-29", "--level", "ERROR", "--count"},
        {"--from", "2024-01-01", "--to", "2024-02-29", "--level", "WARN,ERROR", "--trend", "day"},
        {"--from", "2024-01-20", "--to", "2024-02-05", "--level", "ERROR", "--limit", "1000", "--order", "asc"},
    };

    @TempDir
    static Path dir;
    static EmbeddedS3 s3;
    /** How the store damages the object it has just written under a key (a faulty store or disk). */
    static final Map<String, Damage> damage = new ConcurrentHashMap<>();

    enum Damage { TRUNCATE, FLIP }

    /** The filesystem store, damaging what it wrote for the keys in {@link #damage}. */
    private static final class Damaging extends ForwardingBlobStore {
        private final Path base;

        Damaging(BlobStore store, Path base) {
            super(store);
            this.base = base;
        }

        @Override
        public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
            PutObjectResponse response = super.putBlob(request, input);
            Damage d = damage.get(request.key());
            if (d != null) {
                Path file = base.resolve(request.bucket()).resolve(request.key());
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    if (d == Damage.TRUNCATE) {
                        ch.truncate(ch.size() - 100);
                    } else {
                        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                            long at = raf.length() / 2;
                            raf.seek(at);
                            int b = raf.read();
                            raf.seek(at);
                            raf.write(b ^ 0xFF);
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return response;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        s3 = EmbeddedS3.start(dir.resolve("s3"), "127.0.0.1", 0, ACCESS, SECRET,
                store -> new Damaging(store, dir.resolve("s3")));
        Files.createDirectories(dir.resolve("s3").resolve(BUCKET));
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    private static List<String> s3Options() {
        return List.of("-Ds3.endpoint=" + s3.endpoint(), "-Ds3.path.style.access=true", "-Ds3.access-key=" + ACCESS,
                "-Ds3.secret-key=" + SECRET);
    }

    /** Two months of sample archives (one per day, with sidecars), and a pristine copy to compare with. */
    private static Path sample(String name) throws IOException {
        Path local = dir.resolve(name);
        Result r = rewind("sample", "--months", "2", "--lines-per-day", "300", "--seed", "11", "--out", local.toString());
        assertEquals(0, r.code(), r.err());
        Path pristine = dir.resolve(name + "-pristine");
        for (Map.Entry<String, Path> f : files(local).entrySet()) {
            Path to = pristine.resolve(f.getKey());
            Files.createDirectories(to.getParent());
            Files.copy(f.getValue(), to);
        }
        return local;
    }

    /** Every regular file below {@code root} but Rewind's own folder, by relative path. */
    private static Map<String, Path> files(Path root) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(f -> {
                String rel = root.relativize(f).toString();
                if (!rel.startsWith(TierLog.DIR + "/") && !rel.equals("ground-truth.json")) {
                    out.put(rel, f);
                }
            });
        }
        return out;
    }

    /** The bucket folder the store serves {@code s3://tiers/<prefix>} from. */
    private static Path bucket(String prefix) {
        return dir.resolve("s3").resolve(BUCKET).resolve(prefix);
    }

    private static String olderThan(LocalDate day) {
        return Duration.between(day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), Instant.now()).getSeconds() + "s";
    }

    private static Result tier(Path local, String prefix, LocalDate cut, String... more) {
        List<String> args = new ArrayList<>(List.of("tier", "--archives", local.toString(), "--older-than", olderThan(cut),
                "--to", "s3://" + BUCKET + "/" + prefix, "--ssd-cache-dir", dir.resolve("ssd").toString()));
        args.addAll(s3Options());
        args.addAll(List.of(more));
        Result r = rewind(args.toArray(String[]::new));
        assertFalse(r.out().contains(SECRET) || r.err().contains(SECRET), "the secret key is never shown");
        return r;
    }

    /** The questions' answers over {@code roots}, each checked exact. */
    private static List<String> answers(String... roots) throws IOException {
        List<String> out = new ArrayList<>();
        for (String[] q : QUESTIONS) {
            List<String> args = new ArrayList<>(List.of("query", "--archives"));
            args.addAll(List.of(roots));
            args.addAll(List.of("--cache-dir", dir.resolve("cache").toString(), "--ssd-cache-dir",
                    dir.resolve("ssd").toString(), "--no-cache", "--format", "json"));
            args.addAll(s3Options());
            args.addAll(List.of(q));
            Result r = rewind(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            JsonNode answer = JSON.readTree(r.out());
            assertTrue(AnswerEssence.exact(answer), String.join(" ", q) + ": " + r.out());
            out.add(AnswerEssence.of(answer));
        }
        return out;
    }

    /** Asserts the bucket holds exactly {@code expected} files, each identical to the pristine one. */
    private static void assertCopies(Path pristine, String prefix, List<String> expected) throws IOException {
        Map<String, Path> copies = files(bucket(prefix));
        assertEquals(new java.util.TreeSet<>(expected), copies.keySet(), "the bucket holds exactly the old files");
        for (String rel : expected) {
            assertEquals(-1, Files.mismatch(pristine.resolve(rel), copies.get(rel)), rel + " is byte for byte the same");
        }
    }

    /** The files (archives and sidecars) of days before {@code cut}. */
    private static List<String> before(Map<String, Path> all, LocalDate cut) {
        return all.keySet().stream().filter(rel -> LocalDate.parse(rel.substring(3, 13)).isBefore(cut)).toList();
    }

    @Test
    void movesExactlyTheOldArchivesWithTheirSidecarsAndAnswersStayTheSame() throws IOException {
        Path local = sample("a");
        Path pristine = dir.resolve("a-pristine");
        LocalDate cut = LocalDate.of(2024, 2, 1);
        Map<String, Path> all = files(local);
        List<String> old = before(all, cut);
        assertEquals(62, old.size(), "31 days of January, an archive and a sidecar each");
        List<String> answersBefore = answers(local.toString());

        Result dry = tier(local, "a", cut, "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("would move 31 archives (62 files"), dry.out());
        assertEquals(all.keySet(), files(local).keySet(), "a dry run moves nothing");

        Result r = tier(local, "a", cut);
        assertEquals(0, r.code(), r.out() + r.err());
        long bytes = old.stream().mapToLong(rel -> pristine.resolve(rel).toFile().length()).sum();
        assertTrue(r.out().contains(String.format("moved 31 archives (62 files, %,d bytes)", bytes)), r.out());
        assertCopies(pristine, "a", old);
        Map<String, Path> left = files(local);
        assertEquals(all.size() - old.size(), left.size(), "the local copies of the old files are gone");
        assertTrue(left.keySet().stream().noneMatch(old::contains), left.keySet().toString());
        assertFalse(Files.exists(local.resolve("dt=2024-01-05")), "emptied day folders go too");
        assertEquals(62, TierLog.read(StoragePath.of(local)).moves().size(), "every move is in the root's log");

        // The local root alone follows its moves log; with the bucket as a second root, nothing counts twice.
        assertEquals(answersBefore, answers(local.toString()));
        assertEquals(answersBefore, answers(local.toString(), "s3://" + BUCKET + "/a"));

        Result again = tier(local, "a", cut);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("moved 0 archives"), again.out());
        assertCopies(pristine, "a", old);
    }

    @Test
    void aRunStoppedBetweenCopyAndDeleteIsFinishedByTheNext() throws Exception {
        Path local = sample("b");
        Path pristine = dir.resolve("b-pristine");
        LocalDate cut = LocalDate.of(2024, 2, 1);
        Map<String, Path> all = files(local);
        List<String> old = before(all, cut);
        List<String> answersBefore = answers(local.toString());
        Storages.configure(new StorageSettings(s3.flinkConfig(), StorageOptions.pluginsDir(), dir.resolve("ssd"),
                64L << 20, StorageSettings.DEFAULT_REGION_BYTES, StorageSettings.DEFAULT_PARALLEL_GETS,
                StorageSettings.DEFAULT_MAX_GET_BYTES));
        Tiering.Builder tiering = Tiering.builder().from(StoragePath.of(local)).to(StoragePath.of("s3://" + BUCKET + "/b"))
                .olderThan(cut.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());

        // Stopped after the copies: all in the bucket, nothing recorded, nothing deleted.
        TierReport copied = tiering.stopAfter(Tiering.Stop.AFTER_COPY).build().run();
        assertTrue(copied.refused().isEmpty(), copied.refused().toString());
        assertCopies(pristine, "b", old);
        assertEquals(all.keySet(), files(local).keySet());
        assertTrue(TierLog.read(StoragePath.of(local)).isEmpty());
        assertEquals(answersBefore, answers(local.toString(), "s3://" + BUCKET + "/b"),
                "with both copies in sight (the bucket a second root), each archive counts once");

        // Stopped after the log, and one archive deleted but not its sidecar (a crash between the deletes).
        tiering.stopAfter(Tiering.Stop.AFTER_LOG).build().run();
        assertEquals(62, TierLog.read(StoragePath.of(local)).moves().size());
        assertEquals(all.keySet(), files(local).keySet());
        String halfGone = old.stream().filter(rel -> rel.startsWith("dt=2024-01-15/") && !rel.endsWith(".idx"))
                .findFirst().orElseThrow();
        Files.delete(local.resolve(halfGone));
        assertEquals(answersBefore, answers(local.toString()), "while half-moved, the same answers");

        Result r = tier(local, "b", cut);
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("moved 30 archives (60 files"), r.out());
        assertEquals(30, r.out().lines().filter(l -> l.contains("copy found verified")).count(),
                "no copy made again: " + r.out());
        assertTrue(r.out().contains("moved the sidecar " + halfGone + ".idx left behind"), r.out());
        assertCopies(pristine, "b", old);
        assertTrue(files(local).keySet().stream().noneMatch(old::contains), files(local).keySet().toString());
        assertEquals(62, TierLog.read(StoragePath.of(local)).moves().size());
        assertEquals(answersBefore, answers(local.toString()));
    }

    @Test
    void aDamagedCopyIsRefusedAndTheLocalCopyKept() throws IOException {
        Path local = sample("c");
        Path pristine = dir.resolve("c-pristine");
        LocalDate cut = LocalDate.of(2024, 1, 4);
        Map<String, Path> all = files(local);
        String short2 = archiveOf(all, "2024-01-02");
        String flipped3 = archiveOf(all, "2024-01-03");
        damage.put("c/" + short2, Damage.TRUNCATE);
        damage.put("c/" + flipped3, Damage.FLIP);
        List<String> answersBefore = answers(local.toString());
        try {
            Result r = tier(local, "c", cut);
            assertEquals(1, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("moved 1 archive (2 files"), r.out());
            assertTrue(r.err().contains("refused " + short2 + ": the copy s3://tiers/c/" + short2 + " has "), r.err());
            assertTrue(r.err().contains("refused " + flipped3 + ": the copy s3://tiers/c/" + flipped3
                    + " read back has another checksum"), r.err());
        } finally {
            damage.clear();
        }
        for (String rel : List.of(short2, short2 + ".idx", flipped3, flipped3 + ".idx")) {
            assertEquals(-1, Files.mismatch(pristine.resolve(rel), local.resolve(rel)), rel + " is kept as it was");
            assertTrue(TierLog.read(StoragePath.of(local)).find(rel) == null, rel + " is not recorded as moved");
        }
        assertCopies(pristine, "c", List.of(archiveOf(all, "2024-01-01"), archiveOf(all, "2024-01-01") + ".idx"));
        assertEquals(answersBefore, answers(local.toString()));

        Result again = tier(local, "c", cut);
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("moved 2 archives (4 files"), again.out());
        assertEquals(answersBefore, answers(local.toString()));
    }

    private static String archiveOf(Map<String, Path> all, String day) {
        return all.keySet().stream().filter(rel -> rel.startsWith("dt=" + day + "/") && !rel.endsWith(".idx"))
                .findFirst().orElseThrow();
    }
}
