package dev.rewind.server;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.codec.FrameDecoders;
import dev.rewind.connectors.codec.FrameListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Archives the way other tools write them, made from the repository's own sample archives: each
 * day's lines cut into {@code parts} files and compressed by the standard command-line tools in
 * turn ({@code gzip}, {@code zstd}, {@code lz4} with its default 4 MiB blocks), single-frame, no
 * sidecars, under {@code dt=YYYY-MM-DD/}. The lines are exactly the generator's.
 */
final class ForeignCorpus {
    private ForeignCorpus() {
    }

    static List<Path> write(Path samples, Path out, int parts) throws IOException, InterruptedException {
        List<Path> days;
        try (Stream<Path> walk = Files.walk(samples)) {
            days = walk.filter(p -> p.getFileName().toString().startsWith("app-") && !p.toString().endsWith(".idx"))
                    .sorted().toList();
        }
        List<Path> written = new ArrayList<>();
        int i = 0;
        for (Path day : days) {
            byte[] raw;
            try (InputStream in = FrameDecoders.open(Codec.detect(day), Files.newInputStream(day), 0, day.toString(),
                    FrameListener.NONE)) {
                raw = in.readAllBytes();
            }
            Path dir = out.resolve(day.getParent().getFileName());
            Files.createDirectories(dir);
            for (byte[] part : split(raw, parts)) {
                String[] tool = switch (i % 3) {
                    case 0 -> new String[] {"gzip", "-c"};
                    case 1 -> new String[] {"zstd", "-q", "-c"};
                    default -> new String[] {"lz4", "-q", "-c"};
                };
                String ext = switch (i % 3) {
                    case 0 -> ".gz";
                    case 1 -> ".zst";
                    default -> ".lz4";
                };
                Path plain = Files.createTempFile("part", ".ndjson");
                Files.write(plain, part);
                Path target = dir.resolve(String.format("part-%02d.ndjson%s", i % parts, ext));
                Process p = new ProcessBuilder(tool).redirectInput(plain.toFile()).redirectOutput(target.toFile()).start();
                if (p.waitFor() != 0) {
                    throw new IOException(String.join(" ", tool) + " failed");
                }
                Files.delete(plain);
                written.add(target);
                i++;
            }
        }
        return written;
    }

    /** {@code raw} cut into {@code n} pieces at line ends. */
    private static List<byte[]> split(byte[] raw, int n) {
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        for (int k = 1; k <= n; k++) {
            int to = k == n ? raw.length : Math.max(from, raw.length * k / n);
            while (to < raw.length && to > 0 && raw[to - 1] != '\n') {
                to++;
            }
            out.add(Arrays.copyOfRange(raw, from, to));
            from = to;
        }
        return out;
    }
}
