package dev.rewind.connectors.archive;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.codec.FrameDecoders;
import dev.rewind.connectors.codec.FrameListener;
import dev.rewind.connectors.record.KnownFormats;
import dev.rewind.connectors.record.LineFormat;
import dev.rewind.connectors.record.LineParser;
import dev.rewind.connectors.record.LineParsers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Guesses the line format of a foreign archive from its first lines: the known format that parses
 * the most of them (with a timestamp), NDJSON first. Falls back to NDJSON, which keeps every
 * line as an UNKNOWN record rather than losing it.
 */
final class FormatDetector {
    private static final int SAMPLE_LINES = 50;

    private FormatDetector() {
    }

    static LineFormat detect(Path archive, Codec codec) throws IOException {
        List<byte[]> sample = new ArrayList<>();
        try (InputStream in = Files.newInputStream(archive);
             LineReader lines = new LineReader(FrameDecoders.open(codec, in, 0, archive.toString(), FrameListener.NONE), 0)) {
            while (sample.size() < SAMPLE_LINES && lines.next()) {
                if (!lines.isBlank()) {
                    byte[] line = new byte[lines.length()];
                    System.arraycopy(lines.buffer(), lines.start(), line, 0, line.length);
                    sample.add(line);
                }
            }
        } catch (IOException e) {
            // a damaged archive: the indexing pass reports the damage with its offset
        }
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
        }
        return best;
    }
}
