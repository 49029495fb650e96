package dev.rewind.connectors.archive;

import dev.rewind.connectors.archive.write.ArchiveWriter;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.codec.FrameDecoders;
import dev.rewind.connectors.codec.FrameListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic test inputs, made by code (fixed seeds), small. */
final class Fixtures {
    static final String[] LEVELS = {"DEBUG", "INFO", "INFO", "INFO", "WARN", "ERROR"};
    static final String[] SERVICES = {"auth", "payments", "orders"};

    private Fixtures() {
    }

    /** {@code count} NDJSON lines, one second apart from {@code start}, with a per-line token {@code tok<i>}. */
    static byte[] ndjson(int count, Instant start, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(count * 120);
        for (int i = 0; i < count; i++) {
            String level = LEVELS[random.nextInt(LEVELS.length)];
            String service = SERVICES[random.nextInt(SERVICES.length)];
            sb.append("{\"timestamp\":\"").append(start.plusSeconds(i)).append("\",\"level\":\"").append(level)
                    .append("\",\"service\":\"").append(service).append("\",\"host\":\"").append(service).append("-1")
                    .append("\",\"message\":\"request tok").append(i).append(" took ").append(random.nextInt(900))
                    .append(" ms\"}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Path write(Path dir, String name, byte[] raw, Codec codec, int frameSize) throws IOException {
        Path archive = dir.resolve(name);
        try (ArchiveWriter writer = ArchiveWriter.builder().codec(codec).frameSize(frameSize).open(archive)) {
            writer.write(new java.io.ByteArrayInputStream(raw));
        }
        return archive;
    }

    static byte[] decodeWhole(Path archive) throws IOException {
        try (InputStream in = FrameDecoders.open(Codec.detect(archive), Files.newInputStream(archive), 0,
                archive.toString(), FrameListener.NONE)) {
            return in.readAllBytes();
        }
    }

    /**
     * What {@code tool -d -c} writes for {@code file} even when it then fails on damage: what a
     * person gets back with the standard tool ({@code gzip} decodes up to a cut, {@code zstd} up to
     * the last whole block, {@code lz4} nothing of a block that is cut).
     */
    static byte[] recoveredBy(String tool, Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(tool, "-d", "-c").redirectInput(file.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor();
        return out;
    }

    /** Runs a command; returns its stdout; fails the test with stderr when it exits non-zero. */
    static byte[] run(List<String> command, Path stdinFile) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (stdinFile != null) {
            pb.redirectInput(stdinFile.toFile());
        }
        Process p = pb.start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // the process is gone; what it said so far is enough
            }
        });
        errReader.start();
        byte[] out = p.getInputStream().readAllBytes();
        int code = p.waitFor();
        errReader.join();
        if (code != 0) {
            throw new AssertionError(command + " exited " + code + ": " + err.toString(StandardCharsets.UTF_8));
        }
        return out;
    }
}
