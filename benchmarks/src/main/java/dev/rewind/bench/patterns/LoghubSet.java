package dev.rewind.bench.patterns;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.rewind.connectors.record.KnownFormats;
import dev.rewind.connectors.record.LogRecord;
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
import java.util.Locale;
import java.util.Map;

/**
 * One Loghub-2k set (shared/loghub/README.md): its messages, parsed with Rewind's known format of
 * the same name as the archive indexer would parse them, and each line's ground-truth EventId from
 * {@code <Name>_2k.log_structured.csv}, whose rows match the log's lines one to one (LineId).
 *
 * @param name      as the folder is named ("HDFS")
 * @param messages  {@link LogRecord#message()} of each line
 * @param eventIds  the ground-truth template of each line
 * @param unparsed  lines the format did not parse (their message is the raw line)
 */
record LoghubSet(String name, List<String> messages, List<String> eventIds, long unparsed) {

    /** The eight sets, in the README's order. */
    static final List<String> NAMES = List.of("HDFS", "Hadoop", "Spark", "Zookeeper", "BGL", "Apache", "OpenStack", "HPC");

    int truthTemplates() {
        return new HashSet<>(eventIds).size();
    }

    static LoghubSet load(Path loghub, String name) {
        Path dir = loghub.resolve(name);
        try {
            List<String> lines = Files.readAllLines(dir.resolve(name + "_2k.log"), StandardCharsets.UTF_8);
            RecordDecoder decoder = new RecordDecoder(KnownFormats.byName(name.toLowerCase(Locale.ROOT)), 2000, Instant.EPOCH);
            List<String> messages = new ArrayList<>(lines.size());
            for (String line : lines) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                messages.add(decoder.decode(bytes, 0, bytes.length).message());
            }
            List<String> eventIds = eventIds(dir.resolve(name + "_2k.log_structured.csv"));
            if (eventIds.size() != messages.size()) {
                throw new IllegalStateException(name + ": " + messages.size() + " log lines but "
                        + eventIds.size() + " ground-truth rows");
            }
            return new LoghubSet(name, List.copyOf(messages), List.copyOf(eventIds), decoder.unparsed());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Loghub set " + dir, e);
        }
    }

    /** The EventId column, in LineId order (checked: the rows must be 1, 2, 3, ...). */
    private static List<String> eventIds(Path csv) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        List<String> ids = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class).with(schema)
                .readValues(csv.toFile())) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                if (Integer.parseInt(row.get("LineId")) != ids.size() + 1) {
                    throw new IllegalStateException(csv + ": row " + (ids.size() + 1) + " has LineId " + row.get("LineId"));
                }
                ids.add(row.get("EventId"));
            }
        }
        return ids;
    }
}
