package dev.rewind.connectors.archive;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.pattern.MessageTemplates;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.record.LineFormat;
import dev.rewind.connectors.record.LogRecord;
import dev.rewind.connectors.record.RecordDecoder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a {@link SidecarIndex} from an archive's lines in one pass, frame by frame; used by the
 * framed writer and by the indexer of foreign archives alike. Its memory is bounded whatever the
 * archive's size: distinct tokens per frame, services and templates are capped, and the hourly
 * aggregates grow with the archive's time span (hours), not its bytes. Not thread-safe.
 */
final class SidecarBuilder {
    /** Beyond this many distinct tokens a frame gets no bloom filter (it may then hold anything). */
    static final int MAX_TOKENS_PER_FRAME = 1 << 18;
    static final int MAX_SERVICES = 10_000;
    static final int MAX_TEMPLATES = 10_000;
    static final String OTHER = "<other>";

    private final Codec codec;
    private final LineFormat format;
    private final LocalDate pathDate;
    private final RecordDecoder decoder;
    private final double bloomFalsePositiveRate;

    private long lines;
    private final LevelCounts levels = new LevelCounts();
    private Instant min;
    private Instant max;
    private final Map<String, Integer> services = new LinkedHashMap<>();
    private final TreeMap<Long, HourBuilder> hours = new TreeMap<>();
    private final Map<String, TemplateBuilder> templates = new LinkedHashMap<>();
    /**
     * Finished frames are spilled to a temporary file as they close, so a huge archive's index (its
     * bloom filters are most of it) never sits in memory while the archive is written.
     */
    private final java.nio.file.Path frameSpill;
    private final java.io.DataOutputStream frameOut;
    private int frameCount;

    private long frameLines;
    private LevelCounts frameLevels = new LevelCounts();
    private Instant frameMin;
    private Instant frameMax;
    private final LongSet frameTokens = new LongSet();
    private boolean frameTokensOverflow;
    private final byte[] scratch = new byte[256];

    SidecarBuilder(Codec codec, LineFormat format, LocalDate pathDate, int defaultYear, Instant fallbackTime,
                   double bloomFalsePositiveRate) {
        this.codec = codec;
        this.format = format;
        this.pathDate = pathDate;
        this.decoder = new RecordDecoder(format, defaultYear, fallbackTime);
        this.bloomFalsePositiveRate = bloomFalsePositiveRate;
        try {
            this.frameSpill = java.nio.file.Files.createTempFile("rewind-frames", ".spill");
            this.frameOut = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                    java.nio.file.Files.newOutputStream(frameSpill), 64 * 1024));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a temporary file for the frame index", e);
        }
    }

    /**
     * Adds one line of the current frame.
     *
     * @return the line's record, or null for a blank line (kept in the archive, not a record)
     */
    LogRecord line(byte[] buf, int offset, int length, boolean blank) {
        if (blank) {
            return null;
        }
        LogRecord record = decoder.decode(buf, offset, length, false); // no id: nothing here keeps it
        lines++;
        frameLines++;
        Level level = record.level();
        levels.increment(level);
        frameLevels.increment(level);
        Instant ts = record.timestamp();
        if (min == null || ts.isBefore(min)) {
            min = ts;
        }
        if (max == null || ts.isAfter(max)) {
            max = ts;
        }
        if (frameMin == null || ts.isBefore(frameMin)) {
            frameMin = ts;
        }
        if (frameMax == null || ts.isAfter(frameMax)) {
            frameMax = ts;
        }
        if (!frameTokensOverflow) {
            Tokens.hashes(buf, offset, length, scratch, hash -> {
                if (!frameTokensOverflow && frameTokens.add(hash) && frameTokens.size() > MAX_TOKENS_PER_FRAME) {
                    frameTokensOverflow = true;
                    frameTokens.clear();
                }
            });
        }
        int service = serviceIndex(record.service());
        HourBuilder hour = hours.computeIfAbsent(Math.floorDiv(ts.getEpochSecond(), 3600L), h -> new HourBuilder());
        hour.count(level, service);
        if (level.isWarnOrAbove()) {
            hour.template(templateIndex(record, level));
        }
        return record;
    }

    private int serviceIndex(String service) {
        Integer index = services.get(service);
        if (index == null) {
            String key = services.size() >= MAX_SERVICES ? OTHER : service;
            index = services.computeIfAbsent(key, k -> services.size());
        }
        return index;
    }

    private int templateIndex(LogRecord record, Level level) {
        String text = MessageTemplates.of(record.message());
        TemplateBuilder template = templates.get(text);
        if (template == null) {
            if (templates.size() >= MAX_TEMPLATES) {
                text = OTHER;
                template = templates.get(text);
            }
            if (template == null) {
                template = new TemplateBuilder(templates.size(), text, record.message());
                templates.put(text, template);
            }
        }
        template.count++;
        if (level.ordinal() > template.level.ordinal()) {
            template.level = level;
        }
        return template.index;
    }

    /** Closes the current frame. A frame with no bytes at all is dropped. */
    void endFrame(long offset, long length, long rawOffset, long rawLength) throws java.io.IOException {
        TokenBloom bloom = frameTokensOverflow ? TokenBloom.ALL : TokenBloom.of(frameTokens, bloomFalsePositiveRate);
        SidecarFormat.writeFrame(frameOut, new FrameIndex(frameCount++, offset, length, rawOffset, rawLength,
                frameLines, frameMin, frameMax, frameLevels, bloom));
        frameLines = 0;
        frameLevels = new LevelCounts();
        frameMin = null;
        frameMax = null;
        frameTokens.clear();
        frameTokensOverflow = false;
    }

    long linesInFrame() {
        return frameLines;
    }

    /** Writes the finished sidecar to {@code out} (streaming) and drops the spill file. */
    void writeTo(java.io.OutputStream out, ArchiveIdentity identity, long rawBytes, long compressedBytes)
            throws java.io.IOException {
        frameOut.close();
        List<HourAggregate> hourList = new ArrayList<>(hours.size());
        hours.forEach((hour, builder) -> hourList.add(builder.build(Instant.ofEpochSecond(hour * 3600L))));
        List<TemplateInfo> templateList = new ArrayList<>(templates.size());
        for (TemplateBuilder t : templates.values()) {
            templateList.add(new TemplateInfo(MessageTemplates.idOf(t.text), t.text, t.level, t.count, t.sample));
        }
        ArchiveSummary summary = new ArchiveSummary(codec, format, pathDate, min, max, lines, decoder.unparsed(),
                rawBytes, compressedBytes, levels.copy(), List.copyOf(services.keySet()), frameCount);
        try (SidecarFormat.Body body = SidecarFormat.open(out)) {
            SidecarFormat.writeHead(body.data, identity, summary, templateList, hourList, frameCount);
            java.nio.file.Files.copy(frameSpill, body.data);
        } finally {
            discard();
        }
    }

    /** Deletes the spill file (also when writing failed). */
    void discard() {
        try {
            frameOut.close();
            java.nio.file.Files.deleteIfExists(frameSpill);
        } catch (java.io.IOException e) {
            // a leftover temp file is harmless; the OS cleans its temp directory
        }
    }

    private static final class TemplateBuilder {
        final int index;
        final String text;
        final String sample;
        Level level = Level.WARN;
        long count;

        TemplateBuilder(int index, String text, String sample) {
            this.index = index;
            this.text = text;
            this.sample = sample.length() > 2000 ? sample.substring(0, 2000) : sample;
        }
    }

    private static final class HourBuilder {
        private final Map<Long, long[]> counts = new HashMap<>();
        private final Map<Integer, long[]> templateCounts = new HashMap<>();

        void count(Level level, int service) {
            counts.computeIfAbsent((long) level.ordinal() << 32 | service, k -> new long[1])[0]++;
        }

        void template(int template) {
            templateCounts.computeIfAbsent(template, k -> new long[1])[0]++;
        }

        HourAggregate build(Instant hour) {
            List<HourAggregate.LevelServiceCount> c = new ArrayList<>(counts.size());
            counts.forEach((key, n) -> c.add(new HourAggregate.LevelServiceCount(
                    Level.ofOrdinal((int) (key >>> 32)), (int) (long) key, n[0])));
            c.sort((a, b) -> a.level() != b.level() ? a.level().compareTo(b.level()) : Integer.compare(a.service(), b.service()));
            List<HourAggregate.TemplateCount> t = new ArrayList<>(templateCounts.size());
            templateCounts.forEach((index, n) -> t.add(new HourAggregate.TemplateCount(index, n[0])));
            t.sort((a, b) -> Integer.compare(a.template(), b.template()));
            return new HourAggregate(hour, c, t);
        }
    }
}
