package dev.rewind.connectors.pattern;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The masks {@link Drain} applies to a message before it clusters it: each rule replaces what its
 * regular expression matches with {@code <*>}, in order. This is Drain's first step (He et al.,
 * ICWS 2017, "preprocess by domain knowledge": simple regular expressions for common variables
 * such as IP addresses and block ids): a token that is plainly a variable should neither steer
 * the parse tree nor lower a similarity. Immutable and thread-safe.
 *
 * @param rules applied in order; a later rule sees the earlier ones' {@code <*>}
 */
public record Masking(List<Rule> rules) {

    /**
     * One mask. Two rules are equal when their names and regular expressions are.
     *
     * @param name    for configuration and reports ("ip", "number")
     * @param pattern what to replace with {@code <*>}
     */
    public record Rule(String name, Pattern pattern) {
        public Rule {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(pattern, "pattern");
        }

        /** @throws java.util.regex.PatternSyntaxException when {@code regex} is not one */
        public static Rule of(String name, String regex) {
            return new Rule(name, Pattern.compile(regex));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Rule other && name.equals(other.name)
                    && pattern.pattern().equals(other.pattern.pattern()) && pattern.flags() == other.pattern.flags();
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, pattern.pattern());
        }
    }

    /**
     * A word with two slashes or more: a file path or a URL with its query ({@code /etc/httpd/x.properties},
     * {@code /v2/54fa…/servers/detail?changes-since=…}). First, so the other masks do not cut a
     * path into pieces that vary in number; a single slash ({@code HTTP/1.1}, {@code 10.0.0.0/8})
     * is not a path.
     */
    public static final Rule PATH = Rule.of("path",
            "(?<![^\\s\"'(\\[{=,])[^\\s\"'()\\[\\]{}<>,]*/[^\\s\"'()\\[\\]{}<>,/]+/[^\\s\"'()\\[\\]{}<>,]*");
    /** 8-4-4-4-12 hex digits. */
    public static final Rule UUID = Rule.of("uuid",
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    /** An IPv4 address with an optional port. */
    public static final Rule IP = Rule.of("ip", "(?<![\\w.])\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d{1,5})?(?![\\w.])");
    /** {@code 0x1f}, or six or more hex digits with at least one letter and one digit (hashes, ids). */
    public static final Rule HEX = Rule.of("hex",
            "\\b(?:0[xX][0-9a-fA-F]+|(?=[0-9a-fA-F]*\\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{6,})\\b");
    /**
     * A number, or any word with a digit in it ({@code blk_-1608}, {@code node-148}, {@code 0.25s}):
     * the paper's own heuristic, which sends such tokens down the tree's {@code <*>} branch as
     * likely variables, applied to the template too. A word ends at white space, quotes, brackets,
     * {@code ,}, {@code =} and {@code :}, so {@code HWID=1973} keeps its key. Masking only the
     * digits ({@code blk_<*>}) scored lower on the Loghub sets: ids like {@code broadcast_9_piece0}
     * then vary in shape.
     */
    public static final Rule NUMBER = Rule.of("number",
            "(?<![^\\s\"'(\\[{=,:])[^\\s\"'()\\[\\]{}<>,=:]*\\d[^\\s\"'()\\[\\]{}<>,=:]*");
    /**
     * Wildcards joined by at most one punctuation mark become one ({@code 10.0.0.1,10.0.0.2},
     * {@code 3,5,8}): a list of two values and one of three are the same template.
     */
    public static final Rule JOINED = Rule.of("joined", "<\\*>(?:[^\\s\\w<>]?<\\*>)+");

    /**
     * Weekday and month names, full or abbreviated ({@code Sat Jul 9 22:53:19 2005}): a date written
     * in words is a variable though it has no digit. One of the generalisable masks of Qin et al.,
     * "Preprocessing is All You Need" (2024), found over all of Loghub; on the eight shared Loghub
     * sets it changed no grouping. Case-sensitive, capitalised or upper case, so that "may" and
     * "march" as ordinary words stay text.
     */
    public static final Rule CALENDAR = Rule.of("calendar", "\\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Monday|Tuesday"
            + "|Wednesday|Thursday|Friday|Saturday|Sunday|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January"
            + "|February|March|April|June|July|August|September|October|November|December|MON|TUE|WED|THU|FRI|SAT|SUN"
            + "|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\\b");

    private static final List<Rule> STANDARD = List.of(PATH, UUID, IP, HEX, NUMBER, JOINED);
    /** Every named rule, in the order they apply: the calendar names before the joining of wildcards. */
    private static final List<Rule> KNOWN = List.of(PATH, UUID, IP, HEX, NUMBER, CALENDAR, JOINED);

    public Masking {
        rules = List.copyOf(rules);
    }

    /**
     * Paths, UUIDs, IP addresses, hex, words with digits, then joined wildcards as one: the masks
     * the benchmark chose for all eight Loghub sets. Behind {@link #NUMBER}, which masks every word
     * with a digit, the UUID, IP and hex rules changed no grouping there; they are kept for masks
     * chosen without it ({@link #of}).
     */
    public static Masking standard() {
        return new Masking(STANDARD);
    }

    /** No masks: Drain on the raw tokens. */
    public static Masking none() {
        return new Masking(List.of());
    }

    /**
     * The standard masks and {@link #CALENDAR}: what {@link TypeMiner} applies to each message shape
     * before it clusters the shapes.
     */
    public static Masking types() {
        return new Masking(KNOWN);
    }

    /** The named rules, in their fixed order ({@code "ip,number"}). */
    public static Masking of(List<String> names) {
        for (String name : names) {
            if (KNOWN.stream().noneMatch(r -> r.name().equals(name))) {
                throw new IllegalArgumentException("unknown mask '" + name + "'; known masks: "
                        + KNOWN.stream().map(Rule::name).toList());
            }
        }
        return new Masking(KNOWN.stream().filter(r -> names.contains(r.name())).toList());
    }

    /** {@code message} with every match of every rule replaced by {@code <*>}. */
    public String apply(String message) {
        String masked = message;
        for (Rule rule : rules) {
            Matcher m = rule.pattern().matcher(masked);
            if (m.find()) {
                masked = m.replaceAll(Matcher.quoteReplacement(MessageTemplates.WILDCARD));
            }
        }
        return masked;
    }
}
