package dev.rewind.job.results;

import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.record.LogRecord;
import dev.rewind.connectors.source.reader.ScanOutput;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One result row (a record and where it was read) as bytes: times to the nanosecond, strings as
 * length-prefixed UTF-8 (messages can pass {@code writeUTF}'s 64 KiB), every field kept, so a row
 * read back equals the row written. Stateless.
 */
final class ResultRowCodec {
    private ResultRowCodec() {
    }

    static void write(DataOutput out, LogRecord r, ScanOutput.RecordOrigin o) throws IOException {
        out.writeLong(r.timestamp().getEpochSecond());
        out.writeInt(r.timestamp().getNano());
        string(out, r.id());
        string(out, r.level().name());
        string(out, r.service());
        string(out, r.host());
        string(out, r.message());
        out.writeInt(r.fields().size());
        for (Map.Entry<String, String> e : r.fields().entrySet()) {
            string(out, e.getKey());
            string(out, e.getValue());
        }
        out.writeBoolean(o.live());
        if (o.live()) {
            out.writeInt(o.partition());
            out.writeLong(o.offset());
        } else {
            string(out, o.archive());
            out.writeInt(o.frame());
        }
    }

    static ResultRow read(DataInput in) throws IOException {
        Instant ts = Instant.ofEpochSecond(in.readLong(), in.readInt());
        String id = string(in);
        Level level = Level.valueOf(string(in));
        String service = string(in);
        String host = string(in);
        String message = string(in);
        int n = in.readInt();
        Map<String, String> fields = new LinkedHashMap<>(Math.max(4, n * 2)); // in the order written
        for (int i = 0; i < n; i++) {
            fields.put(string(in), string(in));
        }
        LogRecord record = new LogRecord(id, ts, level, service, host, message, fields);
        ScanOutput.RecordOrigin origin = in.readBoolean()
                ? ScanOutput.RecordOrigin.live(in.readInt(), in.readLong())
                : ScanOutput.RecordOrigin.archive(string(in), in.readInt());
        return new ResultRow(record, origin);
    }

    private static void string(DataOutput out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String string(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 256 << 20) {
            throw new IOException("result file: a string of " + n + " bytes (damaged file)");
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
