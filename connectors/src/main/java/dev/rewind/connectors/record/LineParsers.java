package dev.rewind.connectors.record;

/** Makes the parser for a {@link LineFormat}. */
public final class LineParsers {
    private LineParsers() {
    }

    /**
     * @param defaultYear the year for timestamp patterns that have none (from the archive's path
     *                    date or modification time)
     */
    public static LineParser create(LineFormat format, int defaultYear) {
        if (format instanceof LineFormat.Ndjson ndjson) {
            return new NdjsonLineParser(ndjson, TimestampParser.flexible());
        }
        LineFormat.Text text = (LineFormat.Text) format;
        return new TextLineParser(text, TimestampParser.of(text.timestampFormat(), text.zone(), defaultYear));
    }
}
