package dev.rewind.bench.patterns;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.rewind.connectors.archive.index.FormatDetector;
import dev.rewind.connectors.record.KnownFormats;
import dev.rewind.connectors.record.LineFormat;
import dev.rewind.connectors.record.RecordDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * One Loghub-2k set (shared/loghub/README.md): its raw lines and, from
 * {@code <Name>_2k.log_structured.csv} (rows match the log's lines one to one, by LineId), each
 * line's {@code Content}, ground-truth EventId and EventTemplate.
 *
 * @param name      as the folder is named ("HDFS")
 * @param lines     the raw log lines
 * @param contents  the Content column: the message part of each line
 * @param eventIds  the ground-truth event of each line
 * @param templates the ground-truth template text of each line
 */
record LoghubSet(String name, List<String> lines, List<String> contents, List<String> eventIds, List<String> templates) {

    /** The eight shared sets, in the README's order. */
    static final List<String> NAMES = List.of("HDFS", "Hadoop", "Spark", "Zookeeper", "BGL", "Apache", "OpenStack", "HPC");

    int truthTemplates() {
        return new HashSet<>(eventIds).size();
    }

    /**
     * The messages as a user's NDJSON logs bring them: each Content written as {@code {"msg": ...}}
     * and read back by Rewind's NDJSON decoder, no format named.
     */
    List<String> messageOnly() {
        ObjectMapper json = new ObjectMapper();
        RecordDecoder decoder = new RecordDecoder(LineFormat.ndjson(), 2000, Instant.EPOCH);
        List<String> messages = new ArrayList<>(contents.size());
        try {
            for (String content : contents) {
                byte[] line = json.writeValueAsBytes(Map.of("msg", content));
                messages.add(decoder.decode(line, 0, line.length).message());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return messages;
    }

    /** The raw lines read as the indexer reads a foreign archive: format detected from the first lines. */
    Detected detected() {
        List<byte[]> sample = new ArrayList<>();
        for (String line : lines.subList(0, Math.min(FormatDetector.SAMPLE_LINES, lines.size()))) {
            sample.add(line.getBytes(StandardCharsets.UTF_8));
        }
        LineFormat format = FormatDetector.detect(sample);
        RecordDecoder decoder = new RecordDecoder(format, 2000, Instant.EPOCH);
        List<String> messages = new ArrayList<>(lines.size());
        for (String line : lines) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            messages.add(decoder.decode(bytes, 0, bytes.length).message());
        }
        String formatName = KnownFormats.names().stream().filter(n -> KnownFormats.byName(n).equals(format))
                .findFirst().orElse(format.describe());
        return new Detected(formatName, decoder.unparsed(), messages);
    }

    /** Messages of the raw lines under the detected format; an unparsed line's message is the line. */
    record Detected(String format, long unparsed, List<String> messages) {
    }

    static LoghubSet load(Path loghub, String name) {
        Path dir = loghub.resolve(name);
        try {
            List<String> lines = Files.readAllLines(dir.resolve(name + "_2k.log"), StandardCharsets.UTF_8);
            List<String> contents = new ArrayList<>();
            List<String> eventIds = new ArrayList<>();
            List<String> templates = new ArrayList<>();
            Path csv = dir.resolve(name + "_2k.log_structured.csv");
            try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
                while (rows.hasNext()) {
                    Map<String, String> row = rows.next();
                    if (Integer.parseInt(row.get("LineId")) != eventIds.size() + 1) {
                        throw new IllegalStateException(csv + ": row " + (eventIds.size() + 1) + " has LineId " + row.get("LineId"));
                    }
                    contents.add(row.get("Content"));
                    eventIds.add(row.get("EventId"));
                    templates.add(row.get("EventTemplate"));
                }
            }
            if (eventIds.size() != lines.size()) {
                throw new IllegalStateException(name + ": " + lines.size() + " log lines but " + eventIds.size()
                        + " ground-truth rows");
            }
            return new LoghubSet(name, List.copyOf(lines), List.copyOf(contents), List.copyOf(eventIds), List.copyOf(templates));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Loghub set " + dir, e);
        }
    }
}
