package dev.rewind.connectors.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each of the eight real Loghub sets parses with one named pattern: every line, with its time and level. */
class LoghubFormatsTest {
    static Path loghub() {
        return Path.of(System.getProperty("rewind.shared", "../../shared"), "loghub");
    }

    @ParameterizedTest
    @CsvSource({
            "HDFS, hdfs, 2008-11-09T20:36:15Z, INFO, true",
            "Hadoop, hadoop, 2015-10-18T18:01:47.978Z, INFO, true",
            "Spark, spark, 2017-06-09T20:10:40Z, INFO, true",
            "Zookeeper, zookeeper, 2015-07-29T17:41:44.747Z, INFO, true",
            "BGL, bgl, 2005-06-03T15:42:50.675872Z, INFO, true",
            "Apache, apache, 2005-12-04T04:47:44Z, INFO, true",
            "OpenStack, openstack, 2017-05-16T00:00:00.008Z, INFO, true",
            "HPC, hpc, 2004-02-26T14:12:22Z, UNKNOWN, false"})
    void everyLineParses(String set, String format, String firstTs, Level firstLevel, boolean hasLevels)
            throws IOException {
        List<String> lines = Files.readAllLines(loghub().resolve(set).resolve(set + "_2k.log"), StandardCharsets.UTF_8);
        assertEquals(2000, lines.size());
        RecordDecoder decoder = new RecordDecoder(KnownFormats.byName(format), 2000, Instant.EPOCH);
        LogRecord first = null;
        int withoutLevel = 0;
        for (String line : lines) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            LogRecord record = decoder.decode(bytes, 0, bytes.length);
            if (first == null) {
                first = record;
            }
            if (record.level() == Level.UNKNOWN) {
                withoutLevel++;
            }
            assertTrue(!record.message().isEmpty() || line.endsWith(" "), line);
        }
        assertEquals(0, decoder.unparsed(), set + ": lines kept as UNKNOWN because they did not parse");
        assertEquals(Instant.parse(firstTs), first.timestamp(), set + " first timestamp");
        assertEquals(firstLevel, first.level());
        if (hasLevels) {
            assertEquals(0, withoutLevel, set + ": lines whose level was not recognised");
        }
    }
}
