package dev.rewind.connectors.archive.format;

import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdOutputStream;
import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.record.LineFormat;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary layout of a sidecar: the magic {@code RWIDX}, one version byte, then the body
 * compressed as one zstd stream, written and read streaming (strings and counts compress ~5x; bloom bits do not, and are most of
 * it). A reader refuses a version it does not know rather than guess. Stateless and thread-safe.
 *
 * <p>Version 3 body, in order: identity; summary; templates; hours; frames, each frame with its
 * token bloom filter (see {@link #writeHead} and {@link #writeFrame}). The bloom filters come last
 * and are most of the bytes, so a reader that wants only the hours and templates stops before
 * them. Version 3 adds to the identity the archive's modification time and the XXH64 of its whole
 * file, and to the summary the list of damaged places. Version 2 added one byte to the summary,
 * after the frame count: whether the frames' token bloom filters are built. Versions 1 and 2 are
 * still read.
 */
public final class SidecarFormat {
    public static final int VERSION = 3;
    private static final int OLDEST_READ = 1;
    private static final byte[] MAGIC = "RWIDX".getBytes(StandardCharsets.US_ASCII);
    /** Sidecars are small (~1% of the archive); this bounds what a damaged length field can ask for. */
    private static final int MAX_BODY = 1 << 30;

    private SidecarFormat() {
    }

    /** Writes a whole sidecar held in memory. */
    public static void write(SidecarIndex index, SidecarDetails details, OutputStream out) throws IOException {
        try (Body body = open(out)) {
            writeHead(body.data, index.identity(), index.summary(), details.templates(), details.hours(),
                    index.frames().size());
            for (FrameIndex f : index.frames()) {
                writeFrame(body.data, f, details.bloom(f.ordinal()));
            }
        }
    }

    /** The compressed body of a sidecar being written; closing it finishes the zstd frame, not {@code out}. */
    static final class Body implements AutoCloseable {
        final DataOutputStream data;
        private final ZstdOutputStream zstd;

        private Body(OutputStream out, int level) throws IOException {
            out.write(MAGIC);
            out.write(VERSION);
            zstd = new ZstdOutputStream(new java.io.FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                }
            }, level);
            data = new DataOutputStream(new java.io.BufferedOutputStream(zstd, 64 * 1024));
        }

        @Override
        public void close() throws IOException {
            data.close();
        }
    }

    static Body open(OutputStream out) throws IOException {
        return new Body(out, 3);
    }

    /**
     * @param level the zstd level: 3 keeps sidecars with bloom filters within their size budget;
     *              a sidecar without them is a few kilobytes, and level 1's smaller tables cost
     *              less to set up than level 3's save
     */
    static Body open(OutputStream out, int level) throws IOException {
        return new Body(out, level);
    }

    /** Everything before the frames: identity, summary, templates, hours, and the frame count. */
    static void writeHead(DataOutputStream data, ArchiveIdentity id, ArchiveSummary s, List<TemplateInfo> templates,
                          List<HourAggregate> hours, int frameCount) throws IOException {
        writeString(data, id.fileName());
        data.writeLong(id.length());
        data.writeLong(id.headHash());
        data.writeLong(id.tailHash());
        data.writeLong(id.modifiedMillis());
        data.writeLong(id.contentHash());

        writeString(data, s.codec().name());
        writeFormat(data, s.format());
        data.writeLong(s.pathDate() == null ? Long.MIN_VALUE : s.pathDate().toEpochDay());
        writeInstant(data, s.minTimestamp());
        writeInstant(data, s.maxTimestamp());
        data.writeLong(s.lines());
        data.writeLong(s.unparsed());
        data.writeLong(s.rawBytes());
        data.writeLong(s.compressedBytes());
        writeLevels(data, s.levels());
        writeStrings(data, s.services());
        data.writeInt(s.frameCount());
        data.writeBoolean(s.tokensIndexed());
        data.writeInt(s.damage().size());
        for (ArchiveDamage d : s.damage()) {
            data.writeLong(d.offset());
            data.writeLong(d.resumedAt());
            writeString(data, d.reason());
        }

        data.writeInt(templates.size());
        for (TemplateInfo t : templates) {
            writeString(data, t.id());
            writeString(data, t.template());
            data.writeByte(t.level().ordinal());
            data.writeLong(t.count());
            writeString(data, t.sample());
        }
        data.writeInt(hours.size());
        for (HourAggregate h : hours) {
            data.writeLong(h.hour().getEpochSecond() / 3600L);
            data.writeInt(h.counts().size());
            for (HourAggregate.LevelServiceCount c : h.counts()) {
                data.writeByte(c.level().ordinal());
                data.writeInt(c.service());
                data.writeLong(c.count());
            }
            data.writeInt(h.templates().size());
            for (HourAggregate.TemplateCount c : h.templates()) {
                data.writeInt(c.template());
                data.writeLong(c.count());
            }
        }
        data.writeInt(frameCount);
    }

    /** One frame entry with its bloom filter; frames follow the head in order. */
    static void writeFrame(DataOutputStream data, FrameIndex f, TokenBloom bloom) throws IOException {
        data.writeLong(f.offset());
        data.writeLong(f.length());
        data.writeLong(f.rawOffset());
        data.writeLong(f.rawLength());
        data.writeLong(f.lines());
        writeInstant(data, f.minTimestamp());
        writeInstant(data, f.maxTimestamp());
        writeLevels(data, f.levels());
        byte[] bytes = bloom.toBytes();
        data.writeInt(bytes.length);
        data.write(bytes);
    }

    /** What of a sidecar a reader wants: reading stops as soon as it has it. */
    private enum Want {
        /** identity, summary and frames (the bloom bytes skipped): what a catalog keeps */
        INDEX,
        /** hours and templates: stops before the frames */
        DETAILS,
        /** hours, templates and the bloom filters */
        DETAILS_AND_BLOOMS,
        /** everything */
        ALL
    }

    /**
     * A whole sidecar.
     *
     * @param source the sidecar's name, for error messages
     * @throws SidecarException when the bytes are not a sidecar, are damaged, or have a version
     *                          this build does not read
     */
    public static Sidecar read(InputStream in, String source) throws IOException {
        Parts parts = read(in, source, Want.ALL);
        return new Sidecar(parts.index, parts.details);
    }

    /** The identity, summary and frames: what a catalog keeps (the rest is decoded past, not kept). */
    public static SidecarIndex readIndex(InputStream in, String source) throws IOException {
        return read(in, source, Want.INDEX).index;
    }

    /** The hours and templates, and the bloom filters when {@code blooms}. */
    public static SidecarDetails readDetails(InputStream in, String source, boolean blooms) throws IOException {
        return read(in, source, blooms ? Want.DETAILS_AND_BLOOMS : Want.DETAILS).details;
    }

    private record Parts(SidecarIndex index, SidecarDetails details) {
    }

    private static Parts read(InputStream in, String source, Want want) throws IOException {
        DataInputStream header = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        try {
            header.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new SidecarException(source + ": not a Rewind sidecar index (bad magic bytes)");
            }
            int version = header.readUnsignedByte();
            if (version < OLDEST_READ || version > VERSION) {
                throw new SidecarException(source + ": sidecar format version " + version
                        + " is not supported by this build, which reads versions " + OLDEST_READ + " to " + VERSION
                        + "; re-create it with `rewind index`");
            }
            // No finalizer and pooled buffers: a catalog reads thousands of small sidecars, where a
            // plain ZstdInputStream's own 128 KiB buffers and finalizer cost more than the reading.
            try (InputStream zstd = new com.github.luben.zstd.ZstdInputStreamNoFinalizer(in,
                    com.github.luben.zstd.RecyclingBufferPool.INSTANCE)) {
                return readBody(version, new DataInputStream(new java.io.BufferedInputStream(zstd, 16 * 1024)), want);
            } catch (ZstdIOException e) {
                throw new SidecarException(source + ": damaged sidecar body: " + e.getMessage());
            }
        } catch (EOFException e) {
            throw new SidecarException(source + ": truncated sidecar index");
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new SidecarException(source + ": damaged sidecar index: " + e.getMessage());
        }
    }

    private static Parts readBody(int version, DataInputStream data, Want want) throws IOException {
        ArchiveIdentity identity = new ArchiveIdentity(readString(data), data.readLong(), data.readLong(), data.readLong(),
                version >= 3 ? data.readLong() : -1, version >= 3 ? data.readLong() : 0);
        Codec codec = Codec.valueOf(readString(data));
        LineFormat format = readFormat(data);
        long epochDay = data.readLong();
        LocalDate pathDate = epochDay == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(epochDay);
        Instant min = readInstant(data);
        Instant max = readInstant(data);
        long lines = data.readLong();
        long unparsed = data.readLong();
        long rawBytes = data.readLong();
        long compressedBytes = data.readLong();
        LevelCounts levels = readLevels(data);
        List<String> services = readStrings(data);
        int frameCount = data.readInt();
        boolean tokensIndexed = version < 2 || data.readBoolean();
        List<ArchiveDamage> damage = new ArrayList<>();
        if (version >= 3) {
            int n = data.readInt();
            for (int i = 0; i < n; i++) {
                damage.add(new ArchiveDamage(data.readLong(), data.readLong(), readString(data)));
            }
        }
        ArchiveSummary summary = new ArchiveSummary(codec, format, pathDate, min, max, lines, unparsed, rawBytes,
                compressedBytes, levels, services, frameCount, tokensIndexed, damage);

        boolean details = want != Want.INDEX;
        int templateCount = data.readInt();
        List<TemplateInfo> templates = new ArrayList<>(details ? templateCount : 0);
        for (int i = 0; i < templateCount; i++) {
            TemplateInfo t = new TemplateInfo(readString(data), readString(data), Level.ofOrdinal(data.readByte()),
                    data.readLong(), readString(data));
            if (details) {
                templates.add(t);
            }
        }
        int hourCount = data.readInt();
        List<HourAggregate> hours = new ArrayList<>(details ? hourCount : 0);
        for (int i = 0; i < hourCount; i++) {
            long hour = data.readLong();
            int n = data.readInt();
            if (!details) {
                skip(data, n * 13L);
                skip(data, data.readInt() * 12L);
                continue;
            }
            List<HourAggregate.LevelServiceCount> counts = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                counts.add(new HourAggregate.LevelServiceCount(Level.ofOrdinal(data.readByte()), data.readInt(),
                        data.readLong()));
            }
            int m = data.readInt();
            List<HourAggregate.TemplateCount> tc = new ArrayList<>(m);
            for (int k = 0; k < m; k++) {
                tc.add(new HourAggregate.TemplateCount(data.readInt(), data.readLong()));
            }
            hours.add(new HourAggregate(Instant.ofEpochSecond(hour * 3600L), counts, tc));
        }
        if (want == Want.DETAILS) {
            return new Parts(null, new SidecarDetails(hours, templates, List.of()));
        }
        boolean keepFrames = want == Want.INDEX || want == Want.ALL;
        boolean keepBlooms = want != Want.INDEX;
        int frameTotal = data.readInt();
        List<FrameIndex> frames = new ArrayList<>(keepFrames ? frameTotal : 0);
        List<TokenBloom> blooms = new ArrayList<>(keepBlooms ? frameTotal : 0);
        for (int i = 0; i < frameTotal; i++) {
            long offset = data.readLong();
            long length = data.readLong();
            long rawOffset = data.readLong();
            long rawLength = data.readLong();
            long frameLines = data.readLong();
            Instant fmin = readInstant(data);
            Instant fmax = readInstant(data);
            LevelCounts flevels = readLevels(data);
            int bloomLength = data.readInt();
            if (bloomLength < 0 || bloomLength > MAX_BODY) {
                throw new IllegalArgumentException("bloom length " + bloomLength);
            }
            if (keepBlooms) {
                byte[] bloom = new byte[bloomLength];
                data.readFully(bloom);
                blooms.add(TokenBloom.fromBytes(bloom));
            } else {
                skip(data, bloomLength);
            }
            if (keepFrames) {
                frames.add(new FrameIndex(i, offset, length, rawOffset, rawLength, frameLines, fmin, fmax, flevels));
            }
        }
        SidecarIndex index = keepFrames ? new SidecarIndex(identity, summary, frames) : null;
        return new Parts(index, new SidecarDetails(hours, templates, blooms));
    }

    private static void skip(DataInputStream data, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            int n = data.skipBytes((int) Math.min(left, Integer.MAX_VALUE));
            if (n <= 0) {
                data.readByte(); // at the end: throws EOFException
                n = 1;
            }
            left -= n;
        }
    }

    private static void writeFormat(DataOutputStream data, LineFormat format) throws IOException {
        if (format instanceof LineFormat.Ndjson n) {
            data.writeByte(0);
            writeStrings(data, n.timestampFields());
            writeStrings(data, n.levelFields());
            writeStrings(data, n.messageFields());
            writeStrings(data, n.serviceFields());
            writeStrings(data, n.hostFields());
            writeStrings(data, n.idFields());
        } else {
            LineFormat.Text t = (LineFormat.Text) format;
            data.writeByte(1);
            writeString(data, t.pattern());
            writeString(data, t.timestampFormat());
            writeString(data, t.zone());
        }
    }

    private static LineFormat readFormat(DataInputStream data) throws IOException {
        int kind = data.readUnsignedByte();
        if (kind == 0) {
            return new LineFormat.Ndjson(readStrings(data), readStrings(data), readStrings(data), readStrings(data),
                    readStrings(data), readStrings(data));
        }
        return new LineFormat.Text(readString(data), readString(data), readString(data));
    }

    private static void writeInstant(DataOutputStream data, Instant instant) throws IOException {
        data.writeBoolean(instant != null);
        if (instant != null) {
            data.writeLong(instant.getEpochSecond());
            data.writeInt(instant.getNano());
        }
    }

    private static Instant readInstant(DataInputStream data) throws IOException {
        return data.readBoolean() ? Instant.ofEpochSecond(data.readLong(), data.readInt()) : null;
    }

    private static void writeLevels(DataOutputStream data, LevelCounts levels) throws IOException {
        for (long c : levels.raw()) {
            data.writeLong(c);
        }
    }

    private static LevelCounts readLevels(DataInputStream data) throws IOException {
        long[] counts = new long[Level.COUNT];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = data.readLong();
        }
        return new LevelCounts(counts);
    }

    private static void writeString(DataOutputStream data, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        data.writeInt(bytes.length);
        data.write(bytes);
    }

    private static String readString(DataInputStream data) throws IOException {
        int n = data.readInt();
        if (n < 0 || n > MAX_BODY) {
            throw new IllegalArgumentException("string length " + n);
        }
        byte[] bytes = new byte[n];
        data.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeStrings(DataOutputStream data, List<String> strings) throws IOException {
        data.writeInt(strings.size());
        for (String s : strings) {
            writeString(data, s);
        }
    }

    private static List<String> readStrings(DataInputStream data) throws IOException {
        int n = data.readInt();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(readString(data));
        }
        return out;
    }
}
