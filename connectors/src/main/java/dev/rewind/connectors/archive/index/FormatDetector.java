package dev.rewind.connectors.archive.index;

import dev.rewind.connectors.record.KnownFormats;
import dev.rewind.connectors.record.LineFormat;
import dev.rewind.connectors.record.LineParser;
import dev.rewind.connectors.record.LineParsers;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Guesses the line format of a foreign archive from its first lines: the known format that parses
 * the most of them (with a timestamp), NDJSON first. Falls back to NDJSON, which keeps every
 * line as an UNKNOWN record rather than losing it. Public for the patterns benchmark, which feeds
 * raw Loghub lines through the same detection the indexer uses. Stateless.
 */
public final class FormatDetector {
    public static final int SAMPLE_LINES = 50;

    private FormatDetector() {
    }

    /** @param sample the archive's first non-blank lines (up to {@link #SAMPLE_LINES}) */
    public static LineFormat detect(List<byte[]> sample) {
        LineFormat best = LineFormat.ndjson();
        int bestScore = 0;
        for (String name : KnownFormats.names()) {
            LineFormat format = KnownFormats.byName(name);
            LineParser parser = LineParsers.create(format, 2000);
            int score = 0;
            for (byte[] line : sample) {
                var parsed = parser.parse(line, 0, line.length, new String(line, StandardCharsets.UTF_8));
                if (parsed != null && parsed.timestamp() != null) {
                    score++;
                }
            }
            if (score > bestScore) {
                best = format;
                bestScore = score;
            }
            if (bestScore == sample.size()) {
                break; // every line read with a time: no later format can do better, and ties keep the first
            }
        }
        return best;
    }
}
