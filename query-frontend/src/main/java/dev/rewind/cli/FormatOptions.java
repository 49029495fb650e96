package dev.rewind.cli;

import dev.rewind.connectors.record.KnownFormats;
import dev.rewind.connectors.record.LineFormat;
import picocli.CommandLine.Option;

/** The options that say how input lines are written, shared by {@code archive} and {@code index}. */
final class FormatOptions {
    @Option(names = "--format", paramLabel = "FORMAT",
            description = "ndjson, text (with --pattern), or a known format: ${COMPLETION-CANDIDATES}",
            completionCandidates = KnownFormatNames.class)
    String format;

    @Option(names = "--pattern", paramLabel = "REGEX",
            description = "for --format text: a regex with named groups ts, level, service, host, msg")
    String pattern;

    @Option(names = "--ts-format", paramLabel = "F",
            description = "for --format text: a DateTimeFormatter pattern, or iso, epoch, epoch_s, epoch_ms (default iso)")
    String tsFormat;

    @Option(names = "--zone", paramLabel = "ZONE", description = "zone of timestamps without an offset (default UTC)")
    String zone;

    /** The chosen format, or {@code whenUnset} when no option was given. */
    LineFormat resolve(LineFormat whenUnset) {
        if (format == null && pattern == null) {
            return whenUnset;
        }
        if (pattern != null || "text".equalsIgnoreCase(format)) {
            if (pattern == null) {
                throw new IllegalArgumentException("--format text needs --pattern REGEX");
            }
            return new LineFormat.Text(pattern, tsFormat, zone);
        }
        if (tsFormat != null) {
            throw new IllegalArgumentException("--ts-format applies only with --format text --pattern REGEX");
        }
        return KnownFormats.byName(format);
    }

    static final class KnownFormatNames extends java.util.ArrayList<String> {
        KnownFormatNames() {
            super(KnownFormats.names());
            add("text");
        }
    }
}
