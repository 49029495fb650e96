package dev.rewind.connectors.filter;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.rewind.connectors.archive.format.FrameIndex;
import dev.rewind.connectors.archive.format.TokenBloom;
import dev.rewind.connectors.archive.format.Tokens;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.record.LineFormat;
import dev.rewind.connectors.record.LogRecord;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a query keeps: a time range (both ends inclusive), levels, services, hosts, a text, a regular
 * expression and field values. {@code text} matches the raw line case-insensitively at token
 * boundaries (like {@code grep -iw}); {@code regex} is searched in the raw line with RE2J, in linear
 * time whatever the pattern (no catastrophic backtracking). Three stages, cheapest first: {@link
 * #frameMayMatch} on sidecar metadata, {@link #rawTestFor} on the line's bytes before parsing,
 * {@link #matches} on the parsed record. Immutable and serializable (it ships inside Flink jobs).
 */
public final class RecordFilter implements Serializable {
    private final Instant from;
    private final Instant to;
    private final Set<Level> levels;
    private final Set<String> services;
    private final Set<String> hosts;
    private final String text;
    private final String regex;
    private final Map<String, String> fields;

    private transient TokenText tokenText;
    private transient Pattern pattern;
    private transient TokenTexts levelSpellings;
    private transient List<byte[]> serviceBytes;
    private transient List<byte[]> hostBytes;
    private transient List<Long> textTokenHashes;

    private RecordFilter(Builder b) {
        this.from = b.from;
        this.to = b.to;
        this.levels = b.levels.isEmpty() ? Set.of() : Set.copyOf(b.levels);
        this.services = Set.copyOf(b.services);
        this.hosts = Set.copyOf(b.hosts);
        this.text = b.text;
        this.regex = b.regex;
        this.fields = Map.copyOf(b.fields);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Instant from() {
        return from;
    }

    public Instant to() {
        return to;
    }

    public Set<Level> levels() {
        return levels;
    }

    public Set<String> services() {
        return services;
    }

    public Set<String> hosts() {
        return hosts;
    }

    public String text() {
        return text;
    }

    public String regex() {
        return regex;
    }

    public Map<String, String> fields() {
        return fields;
    }

    /** True when only time and level are constrained: the shape sidecar pre-aggregates can answer. */
    public boolean isTimeAndLevelOnly() {
        return services.isEmpty() && hosts.isEmpty() && text == null && regex == null && fields.isEmpty();
    }

    private void compile() {
        if (serviceBytes != null) {
            return;
        }
        tokenText = text == null ? null : new TokenText(text);
        pattern = regex == null ? null : Pattern.compile(regex);
        List<TokenText> spellings = new ArrayList<>();
        if (!levels.isEmpty() && !levels.contains(Level.UNKNOWN)) {
            for (Level level : levels) {
                level.spellings().forEach(s -> spellings.add(new TokenText(s)));
            }
        }
        hostBytes = hosts.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        textTokenHashes = text == null ? List.of() : Tokens.hashesOf(text);
        levelSpellings = spellings.isEmpty() ? null : new TokenTexts(spellings);
        serviceBytes = services.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList(); // set last: marks compiled
    }

    /** Why a frame is or is not read, as a query's plan reports it. */
    public enum FrameVerdict {
        /** the frame may hold a match: it is read */
        READ,
        /** no record of the frame is in the time range */
        TIME,
        /** the frame holds no record of a wanted level */
        LEVEL,
        /** the frame's token bloom filter rules the text out */
        TOKEN
    }

    /** Whether a frame's bloom filter would tell this filter anything (it has text to look for). */
    public boolean usesBlooms() {
        compile();
        return !textTokenHashes.isEmpty();
    }

    /**
     * Whether the frame is read, and when not, why: outside the time range, no wanted level, or the
     * bloom filter rules the text out.
     *
     * @param bloom the frame's token bloom filter ({@link TokenBloom#ALL} when none is known)
     */
    public FrameVerdict frameVerdict(FrameIndex frame, TokenBloom bloom) {
        compile();
        if (!frame.overlaps(from, to)) {
            return FrameVerdict.TIME;
        }
        if (!levels.isEmpty() && !frame.levels().anyOf(levels)) {
            return FrameVerdict.LEVEL;
        }
        return textTokenHashes.isEmpty() || bloom.mightContainAll(textTokenHashes) ? FrameVerdict.READ : FrameVerdict.TOKEN;
    }

    /** False when the frame certainly holds no match (see {@link #frameVerdict}). */
    public boolean frameMayMatch(FrameIndex frame, TokenBloom bloom) {
        return frameVerdict(frame, bloom) == FrameVerdict.READ;
    }

    /**
     * A necessary condition on the raw line, before any parsing: the text (exactly), the regex
     * (exactly), and a spelling of a wanted level, a wanted service and host somewhere in the line.
     */
    private boolean mayMatchRaw(byte[] line, int offset, int length) {
        compile();
        if (levelSpellings != null && !levelSpellings.anyFoundIn(line, offset, length)) {
            return false;
        }
        return mayMatchRawExceptLevel(line, offset, length);
    }

    /**
     * The raw-line test for lines of one format. For NDJSON the level is read from the level field
     * itself ({@link NdjsonLevelProbe}), which decides most lines after a few dozen bytes instead of
     * a case-folded scan of the whole line; other formats search the line for level spellings.
     */
    public RawLineTest rawTestFor(LineFormat format) {
        compile();
        if (levelSpellings != null && format instanceof LineFormat.Ndjson ndjson) {
            NdjsonLevelProbe probe = new NdjsonLevelProbe(ndjson.levelFields(), levels);
            return (line, offset, length) -> probe.mayMatch(line, offset, length)
                    && mayMatchRawExceptLevel(line, offset, length);
        }
        return this::mayMatchRaw;
    }

    /** A necessary condition on a raw line of a known format; see {@link #rawTestFor}. */
    @FunctionalInterface
    public interface RawLineTest {
        boolean mayMatch(byte[] line, int offset, int length);
    }

    private boolean mayMatchRawExceptLevel(byte[] line, int offset, int length) {
        if (tokenText != null && !tokenText.foundIn(line, offset, length)) {
            return false;
        }
        if (!containsAny(line, offset, length, serviceBytes) || !containsAny(line, offset, length, hostBytes)) {
            return false;
        }
        return pattern == null || pattern.matcher(new String(line, offset, length, StandardCharsets.UTF_8)).find();
    }

    private static boolean containsAny(byte[] line, int offset, int length, List<byte[]> needles) {
        if (needles.isEmpty()) {
            return true;
        }
        for (byte[] needle : needles) {
            if (indexOf(line, offset, length, needle) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] line, int offset, int length, byte[] needle) {
        outer:
        for (int i = offset; i <= offset + length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (line[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The full check for a filter that {@link #isTimeAndLevelOnly}: a line's time and level decide. */
    public boolean matches(Instant ts, Level level) {
        return !ts.isBefore(from) && !ts.isAfter(to) && (levels.isEmpty() || levels.contains(level));
    }

    /** The full check on a parsed record whose raw line passed {@link #rawTestFor}'s test. */
    public boolean matches(LogRecord record) {
        Instant ts = record.timestamp();
        if (ts.isBefore(from) || ts.isAfter(to)) {
            return false;
        }
        if (!levels.isEmpty() && !levels.contains(record.level())) {
            return false;
        }
        if (!services.isEmpty() && !services.contains(record.service())) {
            return false;
        }
        if (!hosts.isEmpty() && !hosts.contains(record.host())) {
            return false;
        }
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!field.getValue().equals(record.fields().get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "RecordFilter[" + from + ".." + to + ", levels=" + new TreeSet<>(levels) + ", services=" + services
                + ", hosts=" + hosts + ", text=" + text + ", regex=" + regex + ", fields=" + fields + "]";
    }

    /** Builds a {@link RecordFilter}; {@link #build()} names the first bad setting. */
    public static final class Builder {
        private Instant from;
        private Instant to;
        private final Set<Level> levels = EnumSet.noneOf(Level.class);
        private final Set<String> services = new TreeSet<>();
        private final Set<String> hosts = new TreeSet<>();
        private String text;
        private String regex;
        private final Map<String, String> fields = new LinkedHashMap<>();

        public Builder between(Instant from, Instant to) {
            this.from = from;
            this.to = to;
            return this;
        }

        public Builder levels(Iterable<Level> levels) {
            levels.forEach(this.levels::add);
            return this;
        }

        public Builder services(Iterable<String> services) {
            services.forEach(this.services::add);
            return this;
        }

        public Builder hosts(Iterable<String> hosts) {
            hosts.forEach(this.hosts::add);
            return this;
        }

        public Builder text(String text) {
            this.text = text == null || text.isBlank() ? null : text;
            return this;
        }

        public Builder regex(String regex) {
            this.regex = regex == null || regex.isEmpty() ? null : regex;
            return this;
        }

        public Builder field(String name, String value) {
            fields.put(name, value);
            return this;
        }

        /** @throws IllegalArgumentException naming the bad setting (time range, regex) */
        public RecordFilter build() {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("end " + to + " is before start " + from);
            }
            if (regex != null) {
                try {
                    Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("invalid regex: " + e.getMessage(), e);
                }
            }
            return new RecordFilter(this);
        }
    }
}
