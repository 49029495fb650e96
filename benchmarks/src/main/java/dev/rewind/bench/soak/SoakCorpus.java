package dev.rewind.bench.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.bench.harness.Directories;
import dev.rewind.sample.CodecMode;
import dev.rewind.sample.DayTruth;
import dev.rewind.sample.GroundTruth;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The soak's data: six months of {@code rewind sample} lines (seed 42, 50,000 a day) as other tools'
 * archives — each day cut into {@code parts} files at line ends, compressed by the gzip, zstd and
 * lz4 command-line tools in turn, single-frame, under {@code dt=YYYY-MM-DD/}, no sidecars — with a
 * few needle lines planted before compression. Beside the store: the generator's ground truth,
 * and {@code soak-corpus.json} (the files, the needles, the lines per day holding "timeout"),
 * written last, so a directory with it is complete and is reused.
 *
 * @param store        the archives; a run copies it, since the server writes sidecars beside them
 * @param files        relative to {@code store}, in day order
 * @param timeoutLines per day, lines holding the word "timeout" (what a text count must find)
 * @param filesByTool  how many files each tool wrote
 */
record SoakCorpus(Path dir, Path store, GroundTruth truth, List<Needle> needles, Map<LocalDate, Long> timeoutLines,
                  List<String> files, long rawBytes, long compressedBytes, Map<String, Integer> filesByTool) {

    static final LocalDate START = LocalDate.of(2024, 1, 1);
    static final String TEXT_WORD = "timeout";
    private static final String MANIFEST = "soak-corpus.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@code soak-corpus.json} holds; plain types, so it reads back without custom serializers. */
    record Manifest(List<String> files, long rawBytes, long compressedBytes, Map<String, Integer> filesByTool,
                    Map<String, Long> timeoutLines, List<Map<String, String>> needles) {
    }

    static SoakCorpus prepare(Path workDir, int months, int linesPerDay, long seed, int parts, int needles,
                              boolean rebuild, PrintStream log) throws IOException, InterruptedException {
        Path dir = workDir.resolve("corpus-%dm-%dlpd-seed%d-%dparts-%dneedles".formatted(months, linesPerDay, seed, parts,
                needles));
        if (rebuild || !Files.exists(dir.resolve(MANIFEST))) {
            Directories.deleteTree(dir); // an interrupted build leaves no manifest: start again
            write(dir, new SampleSpec(START, months, linesPerDay, seed, CodecMode.ZSTD), parts, needles, log);
        }
        return read(dir);
    }

    private static SoakCorpus read(Path dir) throws IOException {
        Manifest m = JSON.readValue(dir.resolve(MANIFEST).toFile(), Manifest.class);
        GroundTruth truth = GroundTruth.read(dir.resolve(SampleGenerator.GROUND_TRUTH_FILE));
        Map<LocalDate, Long> timeout = new TreeMap<>();
        m.timeoutLines().forEach((day, n) -> timeout.put(LocalDate.parse(day), n));
        List<Needle> needles = m.needles().stream().map(n -> new Needle(n.get("file"), LocalDate.parse(n.get("day")),
                Instant.parse(n.get("timestamp")), n.get("token"), n.get("message"), n.get("line"))).toList();
        return new SoakCorpus(dir, dir.resolve("store"), truth, needles, timeout, m.files(), m.rawBytes(),
                m.compressedBytes(), m.filesByTool());
    }

    /** One day's share of the work: its files, in part order. */
    private record DayWritten(DayTruth truth, List<String> files, long rawBytes, long compressedBytes, long timeoutLines,
                              List<Needle> needles) {
    }

    private static void write(Path dir, SampleSpec spec, int parts, int needleCount, PrintStream log)
            throws IOException, InterruptedException {
        log.printf("Writing the soak corpus in %s: %d days x %,d lines, %d files a day by gzip, zstd and lz4 in turn, "
                + "%d needles%n", dir, spec.days(), spec.linesPerDay(), parts, needleCount);
        long t0 = System.nanoTime();
        Path store = dir.resolve("store");
        Files.createDirectories(store);
        SampleGenerator generator = new SampleGenerator(spec);
        List<Integer> needleFiles = Needle.chooseFiles(spec.days() * parts, needleCount, spec.seed());
        // Two days at a time: the machine has two cores, and each day keeps one busy (generating,
        // then one compressor process after another).
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<DayWritten>> futures = new ArrayList<>();
        try {
            for (int d = 0; d < spec.days(); d++) {
                int dayIndex = d;
                futures.add(pool.submit(() -> writeDay(generator, store, spec.start().plusDays(dayIndex), dayIndex, parts,
                        needleFiles, spec.seed())));
            }
            List<DayTruth> days = new ArrayList<>();
            List<String> files = new ArrayList<>();
            List<Map<String, String>> needles = new ArrayList<>();
            Map<String, Long> timeout = new TreeMap<>();
            Map<String, Integer> byTool = new TreeMap<>();
            long raw = 0;
            long compressed = 0;
            for (int d = 0; d < futures.size(); d++) {
                DayWritten day = get(futures.get(d));
                days.add(day.truth());
                files.addAll(day.files());
                raw += day.rawBytes();
                compressed += day.compressedBytes();
                timeout.put(day.truth().day().toString(), day.timeoutLines());
                for (Needle n : day.needles()) {
                    needles.add(Map.of("file", n.file(), "day", n.day().toString(), "timestamp", n.timestamp().toString(),
                            "token", n.token(), "message", n.message(), "line", n.line()));
                }
                for (String f : day.files()) {
                    byTool.merge(f.substring(f.lastIndexOf('.') + 1), 1, Integer::sum);
                }
                if ((d + 1) % 30 == 0) {
                    log.printf("  %d of %d days%n", d + 1, spec.days());
                }
            }
            new GroundTruth(spec, days, generator.incidents()).write(dir.resolve(SampleGenerator.GROUND_TRUTH_FILE));
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(MANIFEST).toFile(),
                    new Manifest(files, raw, compressed, byTool, timeout, needles));
            log.printf("Corpus written in %.0f s: %,d files, %,d raw bytes, %,d compressed%n", (System.nanoTime() - t0) / 1e9,
                    files.size(), raw, compressed);
        } finally {
            pool.shutdownNow();
        }
    }

    private static DayWritten writeDay(SampleGenerator generator, Path store, LocalDate day, int dayIndex, int parts,
                                       List<Integer> needleFiles, long seed) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 << 20);
        DayTruth truth = generator.writeDay(day, out);
        byte[] raw = out.toByteArray();
        Path dayDir = store.resolve("dt=" + day);
        Files.createDirectories(dayDir);
        TokenLines timeout = new TokenLines(TEXT_WORD);
        List<String> files = new ArrayList<>();
        List<Needle> needles = new ArrayList<>();
        long rawBytes = 0;
        long compressed = 0;
        long timeoutLines = 0;
        List<byte[]> pieces = cutAtLineEnds(raw, parts);
        for (int p = 0; p < parts; p++) {
            int index = dayIndex * parts + p;
            CliCompressor tool = CliCompressor.inTurn(index);
            String name = "dt=%s/part-%02d.ndjson%s".formatted(day, p, tool.extension());
            byte[] piece = pieces.get(p);
            if (needleFiles.contains(index)) {
                Needle needle = Needle.plant(name, day, new Random(seed * 31 + index));
                needles.add(needle);
                piece = append(piece, (needle.line() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            timeoutLines += timeout.count(piece, piece.length);
            Path target = store.resolve(name);
            tool.compress(piece, piece.length, target);
            files.add(name);
            rawBytes += piece.length;
            compressed += Files.size(target);
        }
        return new DayWritten(truth, files, rawBytes, compressed, timeoutLines, needles);
    }

    /** {@code raw} cut into {@code n} pieces, each ending at a line end (the last at the end of {@code raw}). */
    static List<byte[]> cutAtLineEnds(byte[] raw, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("pieces must be at least 1, was " + n);
        }
        List<byte[]> out = new ArrayList<>(n);
        int from = 0;
        for (int k = 1; k <= n; k++) {
            int to = k == n ? raw.length : Math.max(from, (int) ((long) raw.length * k / n));
            while (to < raw.length && to > 0 && raw[to - 1] != '\n') {
                to++;
            }
            out.add(Arrays.copyOfRange(raw, from, to));
            from = to;
        }
        return out;
    }

    private static byte[] append(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static <T> T get(Future<T> future) throws IOException, InterruptedException {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("writing the soak corpus failed: " + cause, cause);
        }
    }

    LocalDate first() {
        return truth.spec().start();
    }

    LocalDate last() {
        return truth.spec().end();
    }

    /** The day of a file of the store, from its {@code dt=YYYY-MM-DD/} folder. */
    static LocalDate dayOf(String file) {
        int at = file.indexOf("dt=");
        return LocalDate.parse(file.substring(at + 3, at + 13));
    }

    /** Files per codec, as a reader would say it: "486 gzip, 485 zstd, 485 lz4". */
    String describeTools() {
        Map<String, String> names = new HashMap<>(Map.of("gz", "gzip", "zst", "zstd", "lz4", "lz4"));
        List<String> out = new ArrayList<>();
        for (String ext : List.of("gz", "zst", "lz4")) {
            out.add("%,d %s".formatted(filesByTool.getOrDefault(ext, 0), names.get(ext)));
        }
        return String.join(", ", out);
    }
}
