package dev.rewind.job.graph;

import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.record.LogRecord;
import dev.rewind.connectors.record.RecordDecoder;
import dev.rewind.connectors.source.reader.ScanOutput;
import dev.rewind.job.live.LiveLine;
import dev.rewind.job.query.LiveInput;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Parses live Kafka lines with the same parsers as archives and keeps those that match and lie
 * strictly after the watermark of {@link LiveInput}: the archive watermark W when the cut is by time
 * (the archives answer up to and including W); the instant before the query's start when it is by
 * offset (every line not archived yet then belongs to the live part, whatever its time).
 */
final class LiveLineParser extends RichFlatMapFunction<LiveLine, ScanOutput> {
    private final LiveInput live;
    private final RecordFilter filter;
    private transient RecordDecoder decoder;
    private transient RecordFilter.RawLineTest rawTest;

    LiveLineParser(LiveInput live, RecordFilter filter) {
        this.live = live;
        this.filter = filter;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new RecordDecoder(live.format(), live.watermark().atZone(java.time.ZoneOffset.UTC).getYear(),
                live.watermark());
        rawTest = filter.rawTestFor(live.format()); // the archive readers' test, for the same format
    }

    @Override
    public void flatMap(LiveLine line, Collector<ScanOutput> out) {
        byte[] value = line.value();
        int length = value.length;
        while (length > 0 && (value[length - 1] == '\n' || value[length - 1] == '\r')) {
            length--;
        }
        if (!rawTest.mayMatch(value, 0, length)) {
            return;
        }
        LogRecord record = decoder.decode(value, 0, length);
        Instant ts = record.timestamp();
        if (!ts.isAfter(live.watermark()) || !filter.matches(record)) {
            return;
        }
        out.collect(ScanOutput.live(record, line.partition(), line.offset()));
    }
}
