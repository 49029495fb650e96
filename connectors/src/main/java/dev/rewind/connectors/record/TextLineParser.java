package dev.rewind.connectors.record;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain text through a regular expression with named groups ({@code ts}, {@code level},
 * {@code service}, {@code host}, {@code msg}); any other named group becomes a field.
 */
final class TextLineParser implements LineParser {
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private final Matcher matcher;
    private final TimestampParser timestamps;
    private final boolean hasTs;
    private final boolean hasLevel;
    private final boolean hasService;
    private final boolean hasHost;
    private final boolean hasMsg;
    private final String[] extraGroups;

    TextLineParser(LineFormat.Text format, TimestampParser timestamps) {
        this.matcher = Pattern.compile(format.pattern()).matcher("");
        this.timestamps = timestamps;
        // Java 17 has no Matcher.namedGroups(): read the names from the pattern text.
        java.util.List<String> extras = new java.util.ArrayList<>();
        boolean ts = false, level = false, service = false, host = false, msg = false;
        Matcher names = GROUP_NAME.matcher(format.pattern());
        while (names.find()) {
            switch (names.group(1)) {
                case "ts" -> ts = true;
                case "level" -> level = true;
                case "service" -> service = true;
                case "host" -> host = true;
                case "msg" -> msg = true;
                default -> extras.add(names.group(1));
            }
        }
        this.hasTs = ts;
        this.hasLevel = level;
        this.hasService = service;
        this.hasHost = host;
        this.hasMsg = msg;
        this.extraGroups = extras.toArray(String[]::new);
    }

    @Override
    public ParsedLine parse(byte[] line, int offset, int length, String text) {
        if (!matcher.reset(text).matches()) {
            return null;
        }
        Instant ts = null;
        if (hasTs) {
            ts = timestamps.parse(matcher.group("ts"));
            if (ts == null) {
                return null; // the shape matched but the time did not: treat as not this format
            }
        }
        Map<String, String> fields = Map.of();
        if (extraGroups.length > 0) {
            fields = new java.util.LinkedHashMap<>();
            for (String name : extraGroups) {
                String value = matcher.group(name);
                if (value != null) {
                    fields.put(name, value);
                }
            }
        }
        return new ParsedLine(ts,
                hasLevel ? Level.fromText(matcher.group("level")) : Level.UNKNOWN,
                hasService ? matcher.group("service") : null,
                hasHost ? matcher.group("host") : null,
                hasMsg ? matcher.group("msg") : text,
                fields, null);
    }
}
