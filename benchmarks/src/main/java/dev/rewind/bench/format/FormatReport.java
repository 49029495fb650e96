package dev.rewind.bench.format;

import dev.rewind.bench.harness.MachineInfo;
import dev.rewind.bench.harness.Timing;
import java.util.List;
import java.util.Locale;

/** The format benchmark's results as markdown: machine, command, the per-codec table, targets, frame sizes. */
final class FormatReport {
    static final double DECODE_TARGET = 0.8;
    static final double SIDECAR_TARGET = 0.03;
    static final double ZSTD_LOSS_TARGET = 0.05;

    private final StringBuilder md = new StringBuilder();

    static String render(MachineInfo machine, String command, Corpus corpus, int frameSize, int runs,
                         List<CodecResult> codecs, List<FrameSizeResult> frameSizes) {
        FormatReport r = new FormatReport();
        r.line("# Archive format benchmark");
        r.line("");
        r.line("Machine: " + machine.describe() + ".");
        r.line("");
        r.line("Command: `" + command + "`");
        r.line("");
        r.line(String.format(Locale.ROOT, "Corpus: %d days of sample logs (NDJSON, %,d lines a day), %.1f MB raw. "
                        + "Frame size %s. Times are medians of %s after one warm-up; MB = 10^6 bytes; every "
                        + "throughput is raw (decoded) bytes per second, min–max over the runs in parentheses.",
                corpus.days(), corpus.linesPerDay(), mb(corpus.rawBytes()), ByteSizes.format(frameSize), runs == 1 ? "1 run" : runs + " runs"));
        r.line("");
        r.perCodec(codecs);
        r.decoders(codecs);
        r.targets(codecs);
        r.frameSizes(frameSizes, frameSize);
        return r.md.toString();
    }

    private void perCodec(List<CodecResult> codecs) {
        line("## Per codec");
        line("");
        line("| Codec | Raw MB | Archive MB | Frames | Our decode MB/s | CLI decode MB/s | Ours / CLI "
                + "| Index foreign file MB/s | Framed write + index MB/s | Sidecar % of archive "
                + "| Ratio single-frame | Ratio framed | Ratio lost % |");
        line("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (CodecResult c : codecs) {
            long raw = c.rawBytes();
            line(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %d | %s | %s | %.2f× | %s | %s | %.2f | %.2f | %.2f | %.2f |",
                    name(c), mb(raw), mb(c.framedBytes()), c.frames(), rate(c.ourDecode(), raw), rate(c.cliDecode(), raw),
                    c.decodeSpeedup(), rate(c.indexForeign(), raw), rate(c.framedWrite(), raw), 100 * c.sidecarShare(),
                    c.singleFrameRatio(), c.framedRatio(), 100 * c.ratioLost()));
        }
        line("");
        line("Archive MB is our framed archive; the CLI columns decode that same archive (`gzip -dc`, `zstd -dc`, "
                + "`lz4 -dc` to /dev/null, process start included). *Index foreign file* indexes the CLI tool's own "
                + "single-frame file (`gzip -c`, `zstd -c -3`, `lz4 -c`) as a foreign archive: decode, parse, sidecar. "
                + "*Framed write + index* compresses the raw corpus into frames and builds the sidecar in the same pass. "
                + "*Ratio lost* is the share of the single-frame file's compression ratio that framing gives up "
                + "(negative: the framed archive is the smaller one).");
        line("");
    }

    private void decoders(List<CodecResult> codecs) {
        line("## Decoders on both files");
        line("");
        line("| Codec | Ours, framed MB/s | CLI, framed MB/s | Ours, single-frame MB/s | CLI, single-frame MB/s |");
        line("|---|--:|--:|--:|--:|");
        for (CodecResult c : codecs) {
            long raw = c.rawBytes();
            line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |", name(c), rate(c.ourDecode(), raw),
                    rate(c.cliDecode(), raw), rate(c.ourDecodeSingle(), raw), rate(c.cliDecodeSingle(), raw)));
        }
        line("");
    }

    private void targets(List<CodecResult> codecs) {
        line("## Targets (reported, not asserted)");
        line("");
        for (CodecResult c : codecs) {
            line(String.format(Locale.ROOT, "- %s decoder ≥ %.1f× `%s -dc`: %.2f× — %s", name(c), DECODE_TARGET,
                    CliTool.of(c.codec()).program(), c.decodeSpeedup(), verdict(c.decodeSpeedup() >= DECODE_TARGET)));
        }
        for (CodecResult c : codecs) {
            line(String.format(Locale.ROOT, "- %s sidecar ≤ %.0f%% of the archive: %.2f%% — %s", name(c),
                    100 * SIDECAR_TARGET, 100 * c.sidecarShare(), verdict(c.sidecarShare() <= SIDECAR_TARGET)));
        }
        codecs.stream().filter(c -> c.codec() == dev.rewind.connectors.codec.Codec.ZSTD).findFirst().ifPresent(c ->
                line(String.format(Locale.ROOT, "- zstd framing loses ≤ %.0f%% of the single-frame ratio: %.2f%% — %s",
                        100 * ZSTD_LOSS_TARGET, 100 * c.ratioLost(), verdict(c.ratioLost() <= ZSTD_LOSS_TARGET))));
        line("");
    }

    private void frameSizes(List<FrameSizeResult> results, int chosen) {
        if (results.isEmpty()) {
            return;
        }
        line("## Frame size");
        line("");
        line("| Frame size | Codec | Frames | Frames per day | Archive MB | Ratio | Ratio lost vs single-frame % | Sidecar % of archive |");
        line("|--:|---|--:|--:|--:|--:|--:|--:|");
        for (FrameSizeResult f : results) {
            String size = ByteSizes.format(f.frameSize()) + (f.frameSize() == chosen ? " (chosen)" : "");
            line(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.2f | %.2f | %.2f |", size,
                    f.codec().name().toLowerCase(Locale.ROOT), f.frames(), f.framesPerDay(), mb(f.archiveBytes()),
                    f.ratio(), 100 * f.ratioLost(), 100 * f.sidecarShare()));
        }
        line("");
    }

    private static String name(CodecResult c) {
        return c.codec().name().toLowerCase(Locale.ROOT);
    }

    private static String rate(Timing t, long bytes) {
        return String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", t.megabytesPerSecond(bytes),
                t.worstMegabytesPerSecond(bytes), t.bestMegabytesPerSecond(bytes));
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    private static double mb(long bytes) {
        return bytes / 1e6;
    }

    private void line(String text) {
        md.append(text).append('\n');
    }
}
