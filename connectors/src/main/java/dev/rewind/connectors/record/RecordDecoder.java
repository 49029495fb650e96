package dev.rewind.connectors.record;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Turns raw lines of one archive (or one stream) into {@link LogRecord}s, in order. Keeps the
 * guarantees of DESIGN.md: a line that does not parse is never dropped but becomes an UNKNOWN
 * record whose message is the raw line; a line without a timestamp inherits the previous line's
 * (stack traces and continuation lines belong with the line before them), and the first ones take
 * the archive's fallback time. Not thread-safe: one per reader.
 */
public final class RecordDecoder {
    private final LineParser parser;
    /** The last time seen, as numbers (the summary path makes no Instant per line) and as an Instant when asked. */
    private long lastSecond;
    private int lastNano;
    private Instant lastTimestamp;
    private long unparsed;

    /**
     * @param fallbackTime the time of lines that come before any timestamped line (the archive's
     *                     path date, else its modification time)
     */
    public RecordDecoder(LineFormat format, int defaultYear, Instant fallbackTime) {
        this.parser = LineParsers.create(format, defaultYear);
        remember(fallbackTime);
    }

    private void remember(Instant time) {
        lastTimestamp = time;
        lastSecond = time.getEpochSecond();
        lastNano = time.getNano();
    }

    private Instant last() {
        if (lastTimestamp == null) {
            lastTimestamp = Instant.ofEpochSecond(lastSecond, lastNano);
        }
        return lastTimestamp;
    }

    /**
     * Fills {@code out} with what {@link #decode} would give the line's time, level, service and
     * message (including the time inherited from the line before), making no record and, for most
     * NDJSON lines, no string; advances the same state. The indexer's path.
     */
    public void summarize(byte[] line, int offset, int length, LineSummary out) {
        int read = parser.summarize(line, offset, length, out);
        if (read < 0) {
            out.set(decode(line, offset, length, false));
        } else {
            inheritOrRemember(read == 1, out);
        }
    }

    /**
     * {@link #summarize} of a line whose end is not known yet ({@code line[offset, limit)} is
     * buffered), when the format finds its end while reading it.
     *
     * @return the index of the newline ending the line; -1 when the caller must find it and call
     *         {@link #summarize} (nothing has changed)
     */
    public int summarizeToNewline(byte[] line, int offset, int limit, LineSummary out) {
        int read = parser.summarizeToNewline(line, offset, limit, out);
        if (read < 0) {
            return -1;
        }
        inheritOrRemember((read & 1) == 1, out);
        return read >>> 1;
    }

    private void inheritOrRemember(boolean hasTime, LineSummary out) {
        if (hasTime) {
            lastSecond = out.epochSecond();
            lastNano = out.nano();
            lastTimestamp = null;
        } else {
            out.time(lastSecond, lastNano);
        }
    }

    /** @param length the line's length without its terminator ({@code \n}, {@code \r\n}) */
    public LogRecord decode(byte[] line, int offset, int length) {
        return decode(line, offset, length, true);
    }

    /**
     * @param withId false when the caller has no use for the id (the indexer counts and mines lines;
     *               hashing each one to a hex id cost it ~5% for nothing): the id is then empty
     */
    public LogRecord decode(byte[] line, int offset, int length, boolean withId) {
        String text = new String(line, offset, length, StandardCharsets.UTF_8);
        ParsedLine parsed = parser.parse(line, offset, length, text);
        if (parsed == null) {
            unparsed++;
            return new LogRecord(withId ? LineHash.idOf(line, offset, length) : "", last(), Level.UNKNOWN,
                    "", "", text, Map.of());
        }
        Instant ts = parsed.timestamp();
        if (ts == null) {
            ts = last();
        } else {
            remember(ts);
        }
        String id = parsed.explicitId() != null ? parsed.explicitId() : withId ? LineHash.idOf(line, offset, length) : "";
        return new LogRecord(id, ts, parsed.level(), parsed.service(), parsed.host(),
                parsed.message(), parsed.fields());
    }

    /**
     * The time and level {@link #decode} would give the line (including the time inherited from the
     * line before), without building the record; advances the same state.
     */
    public TimeAndLevel timeAndLevel(byte[] line, int offset, int length) {
        TimeAndLevel parsed = parser.timeAndLevel(line, offset, length);
        if (parsed == null) {
            unparsed++;
            return new TimeAndLevel(last(), Level.UNKNOWN);
        }
        if (parsed.timestamp() == null) {
            return new TimeAndLevel(last(), parsed.level());
        }
        remember(parsed.timestamp());
        return parsed;
    }

    /** Lines so far that did not parse and were kept as UNKNOWN records. */
    public long unparsed() {
        return unparsed;
    }
}
