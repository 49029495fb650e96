package dev.rewind.cache;

import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.record.LogRecord;
import dev.rewind.job.query.Bucket;
import dev.rewind.query.Answer;
import dev.rewind.query.AnswerStats;
import dev.rewind.query.Plan;
import dev.rewind.query.Result;
import dev.rewind.query.Row;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers as bytes, for the disk tier: a version byte, then every part written field by field. A
 * version this build does not read is a miss, never a wrong answer. Stateless and thread-safe.
 */
public final class AnswerCodec {
    private static final int VERSION = 1;

    private AnswerCodec() {
    }

    public static byte[] encode(Answer a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            string(out, a.queryId());
            result(out, a.result());
            plan(out, a.plan());
            stats(out, a.stats());
            out.writeInt(a.warnings().size());
            for (String w : a.warnings()) {
                string(out, w);
            }
            out.writeBoolean(a.complete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException when the bytes are not an answer of a version this build reads */
    public static Answer decode(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("cached answer of version " + version + "; this build reads " + VERSION);
        }
        String queryId = readString(in);
        Result result = readResult(in);
        Plan plan = readPlan(in);
        AnswerStats stats = readStats(in);
        int n = in.readInt();
        List<String> warnings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            warnings.add(readString(in));
        }
        return new Answer(queryId, result, plan, stats, warnings, in.readBoolean());
    }

    private static void result(DataOutputStream out, Result r) throws IOException {
        if (r instanceof Result.Records rec) {
            out.writeByte(0);
            out.writeInt(rec.rows().size());
            for (Row row : rec.rows()) {
                row(out, row);
            }
            out.writeBoolean(rec.hasMore());
            string(out, rec.nextCursor());
            out.writeLong(rec.total());
            out.writeBoolean(rec.totalExact());
        } else if (r instanceof Result.Count c) {
            out.writeByte(1);
            out.writeLong(c.count());
        } else if (r instanceof Result.Trend t) {
            out.writeByte(2);
            out.writeByte(t.bucket().ordinal());
            out.writeInt(t.series().size());
            for (Result.Series s : t.series()) {
                out.writeByte(s.level() == null ? -1 : s.level().ordinal());
                string(out, s.service());
                out.writeInt(s.points().size());
                for (Result.Point p : s.points()) {
                    instant(out, p.t());
                    out.writeLong(p.count());
                }
            }
        } else if (r instanceof Result.Patterns p) {
            out.writeByte(3);
            out.writeInt(p.patterns().size());
            for (Result.Pattern x : p.patterns()) {
                string(out, x.id());
                string(out, x.template());
                out.writeLong(x.count());
                instant(out, x.firstSeen());
                instant(out, x.lastSeen());
                string(out, x.sample());
            }
        } else {
            throw new IllegalArgumentException("unknown result " + r);
        }
    }

    private static Result readResult(DataInputStream in) throws IOException {
        int kind = in.readUnsignedByte();
        switch (kind) {
            case 0 -> {
                int n = in.readInt();
                List<Row> rows = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    rows.add(readRow(in));
                }
                return new Result.Records(rows, in.readBoolean(), readString(in), in.readLong(), in.readBoolean());
            }
            case 1 -> {
                return new Result.Count(in.readLong());
            }
            case 2 -> {
                Bucket bucket = Bucket.values()[in.readUnsignedByte()];
                int n = in.readInt();
                List<Result.Series> series = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int level = in.readByte();
                    String service = readString(in);
                    int m = in.readInt();
                    List<Result.Point> points = new ArrayList<>(m);
                    for (int k = 0; k < m; k++) {
                        points.add(new Result.Point(readInstant(in), in.readLong()));
                    }
                    series.add(new Result.Series(level < 0 ? null : Level.ofOrdinal(level), service, points));
                }
                return new Result.Trend(bucket, series);
            }
            case 3 -> {
                int n = in.readInt();
                List<Result.Pattern> patterns = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    patterns.add(new Result.Pattern(readString(in), readString(in), in.readLong(), readInstant(in),
                            readInstant(in), readString(in)));
                }
                return new Result.Patterns(patterns);
            }
            default -> throw new IOException("unknown result kind " + kind);
        }
    }

    private static void row(DataOutputStream out, Row row) throws IOException {
        LogRecord r = row.record();
        string(out, r.id());
        instant(out, r.timestamp());
        out.writeByte(r.level().ordinal());
        string(out, r.service());
        string(out, r.host());
        string(out, r.message());
        out.writeInt(r.fields().size());
        for (Map.Entry<String, String> f : r.fields().entrySet()) {
            string(out, f.getKey());
            string(out, f.getValue());
        }
        if (row.origin() instanceof Row.LiveOrigin live) {
            out.writeByte(1);
            out.writeInt(live.partition());
            out.writeLong(live.offset());
        } else {
            Row.ArchiveOrigin archive = (Row.ArchiveOrigin) row.origin();
            out.writeByte(0);
            string(out, archive.archive());
            out.writeInt(archive.frame());
        }
    }

    private static Row readRow(DataInputStream in) throws IOException {
        String id = readString(in);
        Instant ts = readInstant(in);
        Level level = Level.ofOrdinal(in.readUnsignedByte());
        String service = readString(in);
        String host = readString(in);
        String message = readString(in);
        int n = in.readInt();
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            fields.put(readString(in), readString(in));
        }
        LogRecord record = new LogRecord(id, ts, level, service, host, message, fields);
        Row.Origin origin = in.readUnsignedByte() == 1 ? new Row.LiveOrigin(in.readInt(), in.readLong())
                : new Row.ArchiveOrigin(readString(in), in.readInt());
        return new Row(record, origin);
    }

    private static void plan(DataOutputStream out, Plan p) throws IOException {
        out.writeBoolean(p != null);
        if (p == null) {
            return;
        }
        out.writeInt(p.sources().size());
        for (Plan.Source s : p.sources()) {
            out.writeByte(s.ordinal());
        }
        out.writeLong(p.archives().total());
        out.writeLong(p.archives().selected());
        Plan.FrameCounts f = p.frames();
        out.writeLong(f.total());
        out.writeLong(f.selected());
        out.writeLong(f.byTime());
        out.writeLong(f.byLevel());
        out.writeLong(f.byToken());
        out.writeLong(p.bytesToScan());
        out.writeInt(p.splits());
        instant(out, p.watermark());
        out.writeInt(p.pendingArchives());
    }

    private static Plan readPlan(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        int n = in.readInt();
        Set<Plan.Source> sources = EnumSet.noneOf(Plan.Source.class);
        for (int i = 0; i < n; i++) {
            sources.add(Plan.Source.values()[in.readUnsignedByte()]);
        }
        Plan.Counts archives = new Plan.Counts(in.readLong(), in.readLong());
        Plan.FrameCounts frames = new Plan.FrameCounts(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong());
        return new Plan(sources, archives, frames, in.readLong(), in.readInt(), readInstant(in), in.readInt());
    }

    private static void stats(DataOutputStream out, AnswerStats s) throws IOException {
        out.writeBoolean(s != null);
        if (s == null) {
            return;
        }
        out.writeInt(s.timingsMs().size());
        for (Map.Entry<String, Long> t : s.timingsMs().entrySet()) {
            string(out, t.getKey());
            out.writeLong(t.getValue());
        }
        out.writeLong(s.bytesScanned());
        out.writeLong(s.rawBytesScanned());
        out.writeLong(s.linesScanned());
        out.writeInt(s.splitsDone());
        out.writeInt(s.splitsTotal());
        string(out, s.jobId());
    }

    private static AnswerStats readStats(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        int n = in.readInt();
        Map<String, Long> timings = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            timings.put(readString(in), in.readLong());
        }
        return new AnswerStats(AnswerStats.CacheUse.MISS, timings, in.readLong(), in.readLong(), in.readLong(),
                in.readInt(), in.readInt(), readString(in));
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        if (n > in.available()) {
            throw new IOException("string of " + n + " bytes past the end");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void instant(DataOutputStream out, Instant t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }
}
