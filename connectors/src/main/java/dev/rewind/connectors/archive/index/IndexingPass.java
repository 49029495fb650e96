package dev.rewind.connectors.archive.index;

import dev.rewind.connectors.archive.format.Framing;

import dev.rewind.connectors.archive.format.ArchiveDamage;
import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.PathDates;
import dev.rewind.connectors.archive.format.Sidecar;
import dev.rewind.connectors.archive.format.SidecarBuilder;
import dev.rewind.connectors.archive.format.SidecarIndex;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.codec.Damage;
import dev.rewind.connectors.codec.DamageListener;
import dev.rewind.connectors.codec.FrameListener;
import dev.rewind.connectors.record.LineFormat;
import dev.rewind.connectors.archive.format.ArchiveIdentity;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One archive being indexed while something reads it: told every line (blank ones too) and every
 * frame end the decoder reports, it builds the sidecar and, at {@link #finish}, writes it. The
 * indexer drives it over a whole file; a query's split reader drives it when it decodes a whole
 * archive whose sidecar lacks the token index, so that scan leaves the archive fully indexed
 * without a second read. Frames are the file's own where they end on a line boundary (a frame
 * that cuts a line merges with the next); plain text is cut every {@code plainFrameSize} bytes.
 *
 * <p>Damage the decoder went past ends the frame being built where the damage starts, so no
 * frame listed ever reaches into damaged bytes (a reader seeking to any frame decodes it), and the
 * next frame starts where decoding resumed; each damage is recorded in the sidecar. When the decoder
 * had already handed out bytes it then found wrong ({@link Damage#delivered}), this pass has
 * indexed lines it must not: {@link #needsAnotherPass()} says so, and the indexer reads the archive
 * again with that frame skipped. Not thread-safe.
 */
public final class IndexingPass implements FrameListener, DamageListener {
    private final StoredFile archive;
    private final SidecarBuilder builder;
    /** Frame ends and damage reported by the decoder, applied in order as the lines reach them. */
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private final List<Damage> damage = new ArrayList<>();
    private final long plainFrameSize;
    private long compressedStart;
    private long rawStart;
    private long rawTotal;
    /** Damage with nothing readable after it was applied: no frame follows. */
    private boolean ended;
    private boolean needsAnotherPass;
    private boolean done;

    private sealed interface Event permits FrameEnd, Break {
        long raw();
    }

    private record FrameEnd(long compressedEnd, long raw) implements Event {
    }

    private record Break(Damage damage, long raw) implements Event {
    }

    IndexingPass(StoredFile archive, SidecarBuilder builder, long plainFrameSize) {
        this.archive = archive;
        this.builder = builder;
        this.plainFrameSize = plainFrameSize;
    }

    /**
     * A full pass (token bloom filters included) over an archive whose codec and format are known,
     * e.g. from its lean sidecar.
     */
    public static IndexingPass full(StoredFile archive, Codec codec, LineFormat format) {
        LocalDate pathDate = PathDates.of(archive.path());
        return of(archive, codec, format, pathDate, ArchiveFiles.fallbackTime(archive, pathDate),
                Framing.DEFAULT_BLOOM_FPP, true, Framing.DEFAULT_FRAME_SIZE);
    }

    static IndexingPass of(StoredFile archive, Codec codec, LineFormat format, LocalDate pathDate, Instant fallback,
                           double bloomFpp, boolean tokens, long plainFrameSize) {
        return new IndexingPass(archive, new SidecarBuilder(codec, format, pathDate, ArchiveFiles.defaultYear(fallback),
                fallback, bloomFpp, tokens), codec == Codec.PLAIN ? plainFrameSize : Long.MAX_VALUE);
    }

    SidecarBuilder builder() {
        return builder;
    }

    @Override
    public void frameEnded(long compressedEnd, long rawEnd) {
        events.add(new FrameEnd(compressedEnd, rawEnd));
    }

    @Override
    public void damaged(Damage where, long rawOffset) {
        events.add(new Break(where, rawOffset));
        damage.add(where);
        needsAnotherPass |= where.delivered();
    }

    /** True when lines of a frame found wrong afterwards were indexed: this pass must not be written. */
    public boolean needsAnotherPass() {
        return needsAnotherPass;
    }

    /** The damage the decoder reported, in file order. */
    public List<Damage> damage() {
        return List.copyOf(damage);
    }

    /** One line as read, with its raw (decoded) offset and length including its terminator. */
    public void line(byte[] buf, int start, int length, long lineStart, int rawLength, boolean blank) {
        try {
            while (!events.isEmpty() && events.peek().raw() <= lineStart) {
                apply(events.poll(), lineStart);
            }
            if (lineStart - rawStart >= plainFrameSize) { // plain text: compressed and raw offsets are one
                builder.endFrame(compressedStart, lineStart - compressedStart, rawStart, lineStart - rawStart);
                compressedStart = lineStart;
                rawStart = lineStart;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        builder.line(buf, start, length, blank);
        rawTotal = lineStart + rawLength;
    }

    /**
     * A frame end exactly at the next line's start ends a frame there; one inside the line before
     * it cut that line, and the frame merges with the next. Damage ends the frame at its offset.
     */
    private void apply(Event event, long nextLine) throws IOException {
        if (event instanceof FrameEnd end) {
            if (end.raw() == nextLine && end.raw() > rawStart) {
                builder.endFrame(compressedStart, end.compressedEnd() - compressedStart, rawStart, end.raw() - rawStart);
                compressedStart = end.compressedEnd();
                rawStart = end.raw();
            }
        } else if (event instanceof Break b) {
            Damage d = b.damage();
            if (rawTotal > rawStart || builder.linesInFrame() > 0) {
                builder.endFrame(compressedStart, Math.max(0, d.offset() - compressedStart), rawStart, rawTotal - rawStart);
            }
            builder.damaged(new ArchiveDamage(d.offset(), d.resumedAt(), d.reason()));
            ended = d.resumedAt() < 0;
            compressedStart = Math.max(d.resumedAt(), 0);
            rawStart = b.raw(); // the bytes of a line the damage cut belong to no frame
            rawTotal = Math.max(rawTotal, rawStart);
        }
    }

    /**
     * Closes the last frame and writes the sidecar to {@code sidecar}, whole or not at all.
     *
     * @param contentHash the hash of the whole file as it was read
     * @return the index part of what was written
     */
    public SidecarIndex finish(long contentHash, StoragePath sidecar) throws IOException {
        done = true;
        long fileLength = archive.length();
        try {
            // Damage after the last line (a cut, say) is applied here: no line comes to apply it.
            while (events.stream().anyMatch(e -> e instanceof Break)) {
                apply(events.poll(), rawTotal);
            }
            if (!ended && (rawTotal > rawStart || builder.linesInFrame() > 0 || fileLength > compressedStart)) {
                builder.endFrame(compressedStart, fileLength - compressedStart, rawStart, rawTotal - rawStart);
            }
            ArchiveIdentity identity = ArchiveFiles.identify(archive, contentHash);
            Sidecar[] written = new Sidecar[1];
            Storages.of(sidecar).write(sidecar, out -> written[0] = builder.writeTo(out, identity, rawTotal, fileLength));
            return written[0] != null ? written[0].index() : ArchiveFiles.readSidecar(archive, ArchiveFiles.stat(sidecar));
        } finally {
            builder.discard();
        }
    }

    /** Gives up (the read failed or stopped early): nothing is written. */
    public void abandon() {
        if (!done) {
            done = true;
            builder.discard();
        }
    }
}
