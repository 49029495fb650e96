package dev.rewind.connectors.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** NDJSON through Jackson's streaming parser, straight from the line's bytes. */
final class NdjsonLineParser implements LineParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private enum Role { TIMESTAMP, LEVEL, MESSAGE, SERVICE, HOST, ID }

    /** Field name → (role, preference: lower wins when a line has several candidates). */
    private final Map<String, int[]> roles = new HashMap<>();
    private final TimestampParser timestamps;
    /** The field name that filled each role in the current line, to keep a displaced value. */
    private final String[] names = new String[Role.values().length];
    private NdjsonSummaryScanner scanner;

    NdjsonLineParser(LineFormat.Ndjson format, TimestampParser timestamps) {
        this.timestamps = timestamps;
        register(format.timestampFields(), Role.TIMESTAMP);
        register(format.levelFields(), Role.LEVEL);
        register(format.messageFields(), Role.MESSAGE);
        register(format.serviceFields(), Role.SERVICE);
        register(format.hostFields(), Role.HOST);
        register(format.idFields(), Role.ID);
    }

    private void register(List<String> names, Role role) {
        for (int i = 0; i < names.size(); i++) {
            roles.putIfAbsent(names.get(i), new int[] {role.ordinal(), i});
        }
    }

    /**
     * The same walk as {@link #parse} (same validity, same preferences between candidate fields),
     * reading only the time and level fields' values and skipping every other value unread: no
     * field map, no strings for the rest. Counting a six-month scan's matches costs a fraction of
     * parsing them.
     */
    @Override
    public TimeAndLevel timeAndLevel(byte[] line, int offset, int length) {
        int first = offset;
        while (first < offset + length && (line[first] == ' ' || line[first] == '\t')) {
            first++;
        }
        if (first == offset + length || line[first] != '{') {
            return null;
        }
        int ts = Role.TIMESTAMP.ordinal();
        int lv = Role.LEVEL.ordinal();
        String tsText = null;
        Instant numericTs = null;
        boolean tsStructured = false;
        int tsPreference = Integer.MAX_VALUE;
        String levelText = null;
        int levelPreference = Integer.MAX_VALUE;
        try (JsonParser parser = FACTORY.createParser(line, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                int[] role = roles.get(parser.currentName());
                JsonToken valueToken = parser.nextToken();
                boolean structured = valueToken == JsonToken.START_OBJECT || valueToken == JsonToken.START_ARRAY;
                if (role != null && valueToken != JsonToken.VALUE_NULL && (role[0] == ts || role[0] == lv)) {
                    if (role[0] == ts && role[1] < tsPreference) {
                        tsPreference = role[1];
                        tsStructured = structured;
                        tsText = structured ? null : parser.getText();
                        numericTs = !structured && valueToken.isNumeric() ? TimestampParser.epoch(parser.getDoubleValue()) : null;
                    } else if (role[0] == lv && role[1] < levelPreference) {
                        levelPreference = role[1];
                        levelText = structured ? null : parser.getText(); // JSON text of an object is never a level
                    }
                }
                if (structured) {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        Instant time = numericTs != null ? numericTs : tsStructured ? null : timestamps.parse(tsText);
        return new TimeAndLevel(time, Level.fromText(levelText));
    }

    @Override
    public int summarize(byte[] line, int offset, int length, LineSummary out) {
        return scanner().scan(line, offset, length, out);
    }

    @Override
    public int summarizeToNewline(byte[] line, int offset, int limit, LineSummary out) {
        return scanner().scanToNewline(line, offset, limit, out);
    }

    private NdjsonSummaryScanner scanner() {
        if (scanner == null) {
            Map<String, int[]> fields = new HashMap<>();
            roles.forEach((name, role) -> {
                int summaryRole = role[0] == Role.TIMESTAMP.ordinal() ? NdjsonSummaryScanner.TIME
                        : role[0] == Role.LEVEL.ordinal() ? NdjsonSummaryScanner.LEVEL
                        : role[0] == Role.SERVICE.ordinal() ? NdjsonSummaryScanner.SERVICE
                        : role[0] == Role.MESSAGE.ordinal() ? NdjsonSummaryScanner.MESSAGE : -1;
                if (summaryRole >= 0) {
                    fields.put(name, new int[] {summaryRole, role[1]});
                }
            });
            scanner = new NdjsonSummaryScanner(fields, timestamps);
        }
        return scanner;
    }

    @Override
    public ParsedLine parse(byte[] line, int offset, int length, String text) {
        int first = offset;
        while (first < offset + length && (line[first] == ' ' || line[first] == '\t')) {
            first++;
        }
        if (first == offset + length || line[first] != '{') {
            return null;
        }
        String[] values = new String[Role.values().length];
        int[] preference = new int[Role.values().length];
        java.util.Arrays.fill(preference, Integer.MAX_VALUE);
        Map<String, String> fields = new LinkedHashMap<>();
        Instant numericTs = null;
        try (JsonParser parser = FACTORY.createParser(line, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken valueToken = parser.nextToken();
                String value;
                if (valueToken == JsonToken.START_OBJECT || valueToken == JsonToken.START_ARRAY) {
                    value = MAPPER.readTree(parser).toString();
                } else if (valueToken == JsonToken.VALUE_NULL) {
                    value = null;
                } else {
                    value = parser.getText();
                }
                int[] role = roles.get(name);
                if (role != null && value != null && role[1] < preference[role[0]]) {
                    if (values[role[0]] != null) {
                        fields.put(names[role[0]], values[role[0]]); // keep the loser as a field
                    }
                    values[role[0]] = value;
                    preference[role[0]] = role[1];
                    if (role[0] == Role.TIMESTAMP.ordinal() && valueToken.isNumeric()) {
                        numericTs = TimestampParser.epoch(parser.getDoubleValue());
                    } else if (role[0] == Role.TIMESTAMP.ordinal()) {
                        numericTs = null;
                    }
                    names[role[0]] = name;
                } else if (value != null) {
                    fields.put(name, value);
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return null; // trailing content after the object: not one JSON record
            }
        } catch (IOException e) {
            return null;
        }
        Instant ts = numericTs != null ? numericTs : timestamps.parse(values[Role.TIMESTAMP.ordinal()]);
        if (ts == null && values[Role.TIMESTAMP.ordinal()] != null) {
            fields.put(names[Role.TIMESTAMP.ordinal()], values[Role.TIMESTAMP.ordinal()]);
        }
        return new ParsedLine(ts, Level.fromText(values[Role.LEVEL.ordinal()]),
                values[Role.SERVICE.ordinal()], values[Role.HOST.ordinal()],
                values[Role.MESSAGE.ordinal()], fields, values[Role.ID.ordinal()]);
    }
}
