package dev.rewind.connectors.archive.format;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.pattern.MessageTemplates;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.record.LineFormat;
import dev.rewind.connectors.record.LineSummary;
import dev.rewind.connectors.record.RecordDecoder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
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
public final class SidecarBuilder implements LineReader.LineEnds {
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
    private final TimeBound min = TimeBound.lowest();
    private final TimeBound max = TimeBound.highest();
    private final Map<String, Integer> services = new LinkedHashMap<>();
    private final TreeMap<Long, HourBuilder> hours = new TreeMap<>();
    private final Map<TemplateKey, TemplateBuilder> templates = new LinkedHashMap<>();
    /** The entry the previous WARN+ line went to: runs of one template (the memo hands out one String per shape) skip the lookup. */
    private TemplateBuilder lastTemplate;
    /**
     * Finished frames are kept in memory while their bloom filters are small, and spilled to a
     * temporary file once they are not, so a huge archive's index (its bloom filters are most of
     * it) never sits in memory while the archive is written, and a small one costs no file.
     */
    static final long MAX_TOKENS_IN_MEMORY = 4_000_000;
    /** Frames without blooms are small, but an archive of many thousands of frames still spills. */
    static final int MAX_FRAMES_IN_MEMORY = 16_384;
    private final List<FrameIndex> keptFrames = new ArrayList<>();
    private final List<TokenBloom> keptBlooms = new ArrayList<>();
    private final List<ArchiveDamage> damage = new ArrayList<>();
    private long keptTokens;
    private java.nio.file.Path frameSpill;
    private java.io.DataOutputStream frameOut;
    private int frameCount;

    private long frameLines;
    private LevelCounts frameLevels = new LevelCounts();
    private TimeBound frameMin = TimeBound.lowest();
    private TimeBound frameMax = TimeBound.highest();
    private final LineSummary summary = new LineSummary();
    private final dev.rewind.connectors.pattern.TemplateMemo templateMemo = new dev.rewind.connectors.pattern.TemplateMemo();
    private final boolean tokens;
    private long lastHourKey;
    private String lastService;
    private int lastServiceIndex;
    private HourBuilder lastHour;
    private final LongSet frameTokens = new LongSet();
    private boolean frameTokensOverflow;
    private final byte[] scratch = new byte[256];

    /**
     * @param tokens false to leave the token bloom filters out (every frame then may hold any
     *               token): hashing every token is most of an index's cost, and the indexer's first
     *               pass over foreign archives answers time, level and error-type questions without it
     */
    public SidecarBuilder(Codec codec, LineFormat format, LocalDate pathDate, int defaultYear, Instant fallbackTime,
                   double bloomFalsePositiveRate, boolean tokens) {
        this.tokens = tokens;
        this.codec = codec;
        this.format = format;
        this.pathDate = pathDate;
        this.decoder = new RecordDecoder(format, defaultYear, fallbackTime);
        this.bloomFalsePositiveRate = bloomFalsePositiveRate;
    }

    /** The line {@link #newlineOf} read ahead: {@link #line} then uses its summary instead of reading it again. */
    private byte[] readAheadBuffer;
    private int readAheadStart = -1;

    @Override
    public int newlineOf(byte[] b, int from, int limit) {
        int newline = decoder.summarizeToNewline(b, from, limit, summary);
        if (newline >= 0) {
            readAheadBuffer = b;
            readAheadStart = from;
        }
        return newline;
    }

    /** Adds one line of the current frame; a blank line is kept in the archive but is not a record. */
    public void line(byte[] buf, int offset, int length, boolean blank) {
        if (buf == readAheadBuffer && offset == readAheadStart) {
            readAheadBuffer = null; // read by newlineOf just now
        } else if (blank) {
            return;
        } else {
            decoder.summarize(buf, offset, length, summary);
        }
        frameLines++;
        Level level = summary.level();
        frameLevels.increment(level); // the archive's totals are the frames' summed as each closes
        long second = summary.epochSecond();
        int nano = summary.nano();
        frameMin.include(second, nano);
        frameMax.include(second, nano);
        if (tokens && !frameTokensOverflow) {
            Tokens.hashes(buf, offset, length, scratch, hash -> {
                if (!frameTokensOverflow && frameTokens.add(hash) && frameTokens.size() > MAX_TOKENS_PER_FRAME) {
                    frameTokensOverflow = true;
                    frameTokens.clear();
                }
            });
        }
        String serviceName = summary.service();
        if (serviceName != lastService) { // the scanner hands out one String per spelling: identity says "same"
            lastService = serviceName;
            lastServiceIndex = serviceIndex(serviceName);
        }
        int service = lastServiceIndex;
        long hourKey = Math.floorDiv(second, 3600L);
        if (hourKey != lastHourKey || lastHour == null) {
            lastHour = hours.computeIfAbsent(hourKey, h -> new HourBuilder());
            lastHourKey = hourKey;
        }
        lastHour.count(level, service);
        if (level.isWarnOrAbove()) {
            String template = summary.asciiMessage()
                    ? templateMemo.templateOf(summary.line(), summary.messageFrom(), summary.messageTo())
                    : MessageTemplates.of(summary.message());
            lastHour.template(templateIndex(template, summary, level));
        }
    }

    private int serviceIndex(String service) {
        Integer index = services.get(service);
        if (index == null) {
            String key = services.size() >= MAX_SERVICES ? OTHER : service;
            index = services.computeIfAbsent(key, k -> services.size());
        }
        return index;
    }

    /**
     * The index of the (template, level) entry: one entry per level a template is seen at, so that
     * counts asked for by level (errors only, say) are exact from the sidecar alone. A template is
     * nearly always logged at one level, so this rarely adds an entry.
     */
    private int templateIndex(String text, LineSummary line, Level level) {
        TemplateBuilder template = lastTemplate != null && lastTemplate.text == text && lastTemplate.level == level
                ? lastTemplate : templates.get(new TemplateKey(text, level));
        if (template == null) {
            TemplateKey key = new TemplateKey(text, level);
            if (templates.size() >= MAX_TEMPLATES) {
                key = new TemplateKey(OTHER, level);
                template = templates.get(key);
            }
            if (template == null) {
                template = new TemplateBuilder(templates.size(), key.text(), level, line.message());
                templates.put(key, template);
            }
        }
        lastTemplate = template;
        template.count++;
        return template.index;
    }

    private record TemplateKey(String text, Level level) {
    }

    /** Closes the current frame. A frame with no bytes at all is dropped. */
    public void endFrame(long offset, long length, long rawOffset, long rawLength) throws java.io.IOException {
        TokenBloom bloom = frameTokensOverflow || !tokens ? TokenBloom.ALL : TokenBloom.of(frameTokens, bloomFalsePositiveRate);
        FrameIndex frame = new FrameIndex(frameCount++, offset, length, rawOffset, rawLength,
                frameLines, frameMin.instant(), frameMax.instant(), frameLevels);
        lines += frameLines;
        levels.add(frameLevels);
        min.include(frameMin);
        max.include(frameMax);
        keptTokens += bloom.isPresent() ? frameTokens.size() : 0;
        if (frameOut == null && keptTokens <= MAX_TOKENS_IN_MEMORY && keptFrames.size() < MAX_FRAMES_IN_MEMORY) {
            keptFrames.add(frame);
            keptBlooms.add(bloom);
        } else {
            spill(frame, bloom);
        }
        frameLines = 0;
        frameLevels = new LevelCounts();
        frameMin = TimeBound.lowest();
        frameMax = TimeBound.highest();
        frameTokens.clear();
        frameTokensOverflow = false;
    }

    public long linesInFrame() {
        return frameLines;
    }

    /** Records a place where decoding failed; the frames around it are indexed as usual. */
    public void damaged(ArchiveDamage where) {
        damage.add(where);
    }

    private void spill(FrameIndex frame, TokenBloom bloom) throws java.io.IOException {
        if (frameOut == null) {
            frameSpill = java.nio.file.Files.createTempFile("rewind-frames", ".spill");
            frameOut = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                    java.nio.file.Files.newOutputStream(frameSpill), 64 * 1024));
            for (int i = 0; i < keptFrames.size(); i++) {
                SidecarFormat.writeFrame(frameOut, keptFrames.get(i), keptBlooms.get(i));
            }
            keptFrames.clear();
            keptBlooms.clear();
        }
        SidecarFormat.writeFrame(frameOut, frame, bloom);
    }

    /**
     * Writes the finished sidecar to {@code out} (streaming) and drops the spill file.
     *
     * @return the sidecar written, when its frames were small enough to keep in memory; else null
     *         (read it back from where {@code out} went)
     */
    public Sidecar writeTo(java.io.OutputStream out, ArchiveIdentity identity, long rawBytes, long compressedBytes)
            throws java.io.IOException {
        if (frameOut != null) {
            frameOut.close();
        }
        List<HourAggregate> hourList = new ArrayList<>(hours.size());
        hours.forEach((hour, builder) -> hourList.add(builder.build(Instant.ofEpochSecond(hour * 3600L))));
        List<TemplateInfo> templateList = new ArrayList<>(templates.size());
        for (TemplateBuilder t : templates.values()) {
            templateList.add(new TemplateInfo(MessageTemplates.idOf(t.text), t.text, t.level, t.count, t.sample));
        }
        ArchiveSummary summary = new ArchiveSummary(codec, format, pathDate, min.instant(), max.instant(), lines, decoder.unparsed(),
                rawBytes, compressedBytes, levels.copy(), List.copyOf(services.keySet()), frameCount, tokens, damage);
        try (SidecarFormat.Body body = SidecarFormat.open(out, tokens ? 3 : 1)) {
            SidecarFormat.writeHead(body.data, identity, summary, templateList, hourList, frameCount);
            if (frameSpill != null) {
                java.nio.file.Files.copy(frameSpill, body.data);
            } else {
                for (int i = 0; i < keptFrames.size(); i++) {
                    SidecarFormat.writeFrame(body.data, keptFrames.get(i), keptBlooms.get(i));
                }
            }
        } finally {
            discard();
        }
        return frameSpill == null ? new Sidecar(new SidecarIndex(identity, summary, keptFrames),
                new SidecarDetails(hourList, templateList, keptBlooms)) : null;
    }

    /** Deletes the spill file (also when writing failed). */
    public void discard() {
        if (frameOut == null) {
            return;
        }
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
        final Level level;
        long count;

        TemplateBuilder(int index, String text, Level level, String sample) {
            this.index = index;
            this.text = text;
            this.level = level;
            this.sample = sample.length() > 2000 ? sample.substring(0, 2000) : sample;
        }
    }

    /** One hour's counts in flat arrays (by level, then service index; by template index): this runs for every line. */
    private static final class HourBuilder {
        private final long[][] counts = new long[Level.COUNT][];
        private long[] templateCounts = new long[0];

        void count(Level level, int service) {
            long[] byService = counts[level.ordinal()];
            if (byService == null || byService.length <= service) {
                byService = counts[level.ordinal()] = java.util.Arrays.copyOf(byService == null ? new long[0] : byService,
                        Math.max(8, service * 2 + 1));
            }
            byService[service]++;
        }

        void template(int template) {
            if (templateCounts.length <= template) {
                templateCounts = java.util.Arrays.copyOf(templateCounts, Math.max(8, template * 2 + 1));
            }
            templateCounts[template]++;
        }

        HourAggregate build(Instant hour) {
            List<HourAggregate.LevelServiceCount> c = new ArrayList<>();
            for (int level = 0; level < counts.length; level++) {
                long[] byService = counts[level];
                for (int service = 0; byService != null && service < byService.length; service++) {
                    if (byService[service] > 0) {
                        c.add(new HourAggregate.LevelServiceCount(Level.ofOrdinal(level), service, byService[service]));
                    }
                }
            }
            List<HourAggregate.TemplateCount> t = new ArrayList<>();
            for (int template = 0; template < templateCounts.length; template++) {
                if (templateCounts[template] > 0) {
                    t.add(new HourAggregate.TemplateCount(template, templateCounts[template]));
                }
            }
            return new HourAggregate(hour, c, t);
        }
    }

    /** The earliest or latest time seen so far, as numbers: an Instant per line would be garbage per line. */
    private static final class TimeBound {
        private final boolean lowest;
        private boolean set;
        private long second;
        private int nano;

        private TimeBound(boolean lowest) {
            this.lowest = lowest;
        }

        static TimeBound lowest() {
            return new TimeBound(true);
        }

        static TimeBound highest() {
            return new TimeBound(false);
        }

        void include(long s, int n) {
            int c = s != second ? Long.compare(s, second) : Integer.compare(n, nano);
            if (!set || (lowest ? c < 0 : c > 0)) {
                set = true;
                second = s;
                nano = n;
            }
        }

        void include(TimeBound other) {
            if (other.set) {
                include(other.second, other.nano);
            }
        }

        /** Null when no line was seen. */
        Instant instant() {
            return set ? Instant.ofEpochSecond(second, nano) : null;
        }
    }
}
