package dev.rewind.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.connectors.record.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of {@link GroundTruth}. Written by hand through the tree model rather than by
 * binding the records, so the file's field names (snake_case, as in the HTTP API) and its
 * {@code version} stay fixed when the Java types change.
 */
final class GroundTruthJson {
    static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GroundTruthJson() {
    }

    static void write(GroundTruth truth, Path file) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", VERSION);
        SampleSpec spec = truth.spec();
        ObjectNode s = root.putObject("spec");
        s.put("start", spec.start().toString());
        s.put("end", spec.end().toString());
        s.put("months", spec.months());
        s.put("lines_per_day", spec.linesPerDay());
        s.put("seed", spec.seed());
        s.put("codecs", spec.codecs().name());
        // Totals are derived (read ignores them) but save every reader of the file a sum.
        levels(root.putObject("total_levels"), truth.totalLevels());
        ArrayNode days = root.putArray("days");
        for (DayTruth day : truth.days()) {
            ObjectNode d = days.addObject();
            d.put("day", day.day().toString());
            d.put("lines", day.lines());
            levels(d.putObject("levels"), day.levels());
            ObjectNode templates = d.putObject("error_templates");
            day.errorTemplates().forEach(templates::put);
        }
        ArrayNode incidents = root.putArray("incidents");
        for (Incident incident : truth.incidents()) {
            ObjectNode i = incidents.addObject();
            i.put("day", incident.day().toString());
            i.put("service", incident.service());
            i.put("template", incident.template());
            i.put("start_hour", incident.startHour());
            i.put("hours", incident.hours());
            i.put("lines", incident.lines());
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), root);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void levels(ObjectNode node, Map<Level, Long> levels) {
        levels.forEach((level, n) -> node.put(level.name(), n));
    }

    static GroundTruth read(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        Reader r = new Reader(file);
        int version = r.field(root, "version", "").asInt();
        if (version != VERSION) {
            throw new IOException(file + ": ground truth version " + version + " is not supported (expected "
                    + VERSION + ")");
        }
        JsonNode s = r.field(root, "spec", "");
        SampleSpec spec;
        try {
            spec = new SampleSpec(r.date(s, "start", "spec."), r.field(s, "months", "spec.").asInt(),
                    r.field(s, "lines_per_day", "spec.").asInt(), r.field(s, "seed", "spec.").asLong(),
                    CodecMode.valueOf(r.field(s, "codecs", "spec.").asText()));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": invalid spec: " + e.getMessage(), e);
        }
        List<DayTruth> days = new ArrayList<>();
        JsonNode dayNodes = r.field(root, "days", "");
        for (int i = 0; i < dayNodes.size(); i++) {
            JsonNode d = dayNodes.get(i);
            String where = "days[" + i + "].";
            Map<Level, Long> levels = new EnumMap<>(Level.class);
            var levelFields = r.field(d, "levels", where).fields();
            while (levelFields.hasNext()) {
                var e = levelFields.next();
                try {
                    levels.put(Level.parseStrict(e.getKey()), e.getValue().asLong());
                } catch (IllegalArgumentException ex) {
                    throw new IOException(file + ": " + where + "levels: " + ex.getMessage(), ex);
                }
            }
            Map<String, Long> templates = new LinkedHashMap<>();
            r.field(d, "error_templates", where).fields()
                    .forEachRemaining(e -> templates.put(e.getKey(), e.getValue().asLong()));
            days.add(new DayTruth(r.date(d, "day", where), levels, templates));
        }
        List<Incident> incidents = new ArrayList<>();
        JsonNode incidentNodes = r.field(root, "incidents", "");
        for (int i = 0; i < incidentNodes.size(); i++) {
            JsonNode n = incidentNodes.get(i);
            String where = "incidents[" + i + "].";
            incidents.add(new Incident(r.date(n, "day", where), r.field(n, "service", where).asText(),
                    r.field(n, "template", where).asText(), r.field(n, "start_hour", where).asInt(),
                    r.field(n, "hours", where).asInt(), r.field(n, "lines", where).asLong()));
        }
        return new GroundTruth(spec, days, incidents);
    }

    /** Field access that names the file and the field's path when something is missing. */
    private record Reader(Path file) {
        JsonNode field(JsonNode node, String name, String where) throws IOException {
            JsonNode value = node == null ? null : node.get(name);
            if (value == null || value.isNull()) {
                throw new IOException(file + ": missing field " + where + name);
            }
            return value;
        }

        LocalDate date(JsonNode node, String name, String where) throws IOException {
            String text = field(node, name, where).asText();
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw new IOException(file + ": field " + where + name + " is not a date (YYYY-MM-DD): " + text, e);
            }
        }
    }
}
