package dev.rewind.job.archiver;

import dev.rewind.connectors.record.LineFormat;
import dev.rewind.connectors.record.RecordDecoder;
import dev.rewind.job.live.LiveLine;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Reads each live line's time with the parsers queries use, so the archiver files a line under
 * the window a query will look for it in. Nothing is dropped: a line that does not parse is
 * archived as it is (the sidecar counts it as an UNKNOWN record) and filed under the time of the
 * line before it, as archive readers give it; the first such lines take their Kafka time. A
 * trailing newline is dropped (the archive adds its own).
 */
final class LineStamper extends RichMapFunction<LiveLine, ArchiveLine> {
    private static final long serialVersionUID = 1L;

    private final LineFormat format;
    private transient RecordDecoder decoder;

    LineStamper(LineFormat format) {
        this.format = format;
    }

    @Override
    public void open(OpenContext context) {
        // EPOCH marks "no time seen yet": such lines take their Kafka time instead.
        decoder = new RecordDecoder(format, Instant.now().atZone(ZoneOffset.UTC).getYear(), Instant.EPOCH);
    }

    @Override
    public ArchiveLine map(LiveLine line) {
        byte[] value = line.value();
        int length = value.length;
        while (length > 0 && (value[length - 1] == '\n' || value[length - 1] == '\r')) {
            length--;
        }
        if (length < value.length) {
            value = Arrays.copyOf(value, length);
        }
        Instant time = decoder.timeAndLevel(value, 0, length).timestamp();
        long millis = time.equals(Instant.EPOCH) ? line.kafkaTimestamp() : time.toEpochMilli();
        return new ArchiveLine(value, millis, line.partition(), line.offset());
    }
}
