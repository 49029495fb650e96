package dev.rewind.connectors.archive;

import dev.rewind.connectors.archive.format.ArchiveDamage;
import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.FrameIndex;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.archive.index.ArchiveIndexer;
import dev.rewind.connectors.archive.read.ArchiveReader;
import dev.rewind.connectors.archive.read.FrameRecordReader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.codec.CorruptArchiveException;
import dev.rewind.connectors.codec.FrameDecoders;
import dev.rewind.connectors.codec.FrameListener;
import dev.rewind.connectors.source.reader.SplitReading;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #12, "damaged archives keep what is readable", as a user sees it: the line count the
 * sidecar answers counts with, the records a query's splits return, and the damage the answer
 * reports — once, with the file and where. Files as the standard tools write them (one frame; lz4
 * with its default 4 MiB blocks, so one block here) and Rewind's own framed archives, each cut
 * mid-way and with 100 bytes overwritten mid-way; the expected lines are the generator's.
 *
 * <p>What each format lets a reader keep (the granularity these tests hold it to): before a cut,
 * everything decodes as in the whole file — gzip to the byte, zstd to its last whole 128 KiB
 * block, LZ4 to its last whole sequence. Overwritten bytes cost, in gzip, the member (deflate
 * cannot tell where its wrong output starts); in zstd, the block that fails; in LZ4, the block that
 * fails or, when only the content checksum finds it, the frame. A multi-frame archive goes on at
 * the next frame.
 */
class DamagedArchiveTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    /** 3,000 lines, 386 KB: about 30 KB as gzip, 33 KB as zstd, 52 KB as lz4. */
    private static final byte[] RAW = Fixtures.ndjson(3000, T0, 12);
    private static final List<String> LINES = lines(RAW);
    private static final int FRAME_SIZE = 32 * 1024;

    // ---- files as the CLI tools write them ----

    @ParameterizedTest
    @CsvSource({"GZIP, gzip", "ZSTD, zstd", "LZ4, lz4"})
    void aFileCutMidWayKeepsEveryLineBeforeTheCut(Codec codec, String tool) throws Exception {
        byte[] whole = Files.readAllBytes(cliFile(codec, tool));
        int cut = whole.length / 2;
        Path file = Files.write(dir.resolve("cut.log." + codec.extension()), Arrays.copyOf(whole, cut));

        SidecarIndex index = index(file);
        ArchiveDamage damage = onlyDamage(index);
        assertEquals(cut, damage.offset(), "the damage is where the file was cut: " + damage);
        assertEquals(-1, damage.resumedAt());
        assertTrue(damage.reason().contains("truncated"), damage.reason());

        int kept = switch (codec) {
            // What the standard tool gets back: gzip up to the cut, zstd up to the last whole block.
            case GZIP, ZSTD -> completeLines(Fixtures.recoveredBy(tool, file), 0);
            // lz4 gives nothing of a block that is cut; its whole sequences before the cut decode as they are.
            default -> completeLines(Arrays.copyOf(RAW, (int) lz4RawBefore(whole, 0, cut)), 0);
        };
        assertTrue(kept > LINES.size() / 4, codec + " keeps the lines before the cut: " + kept);
        assertAnswers(file, index, LINES.subList(0, kept));
    }

    @ParameterizedTest
    @CsvSource({"GZIP, gzip", "ZSTD, zstd", "LZ4, lz4"})
    void aFileOverwrittenMidWayKeepsWhatItsFormatCanVouchFor(Codec codec, String tool) throws Exception {
        byte[] whole = Files.readAllBytes(cliFile(codec, tool));
        int at = whole.length / 2;
        Path file = Files.write(dir.resolve("overwritten.log." + codec.extension()), overwrite(whole, at, 100));

        SidecarIndex index = index(file);
        ArchiveDamage damage = onlyDamage(index);
        assertEquals(-1, damage.resumedAt(), "one frame: nothing after the damage to go on with");
        List<String> expected;
        switch (codec) {
            case GZIP -> {
                // The member is in doubt from its start: deflate decodes wrong bytes past damage without failing.
                assertEquals(0, damage.offset(), damage.toString());
                assertTrue(foundAt(damage) >= at, "names where it was found: " + damage);
                expected = List.of();
            }
            case ZSTD -> {
                long block = zstdBlockHolding(whole, at);
                assertEquals(block, damage.offset(), "the block that holds the damage: " + damage);
                Path blocksBefore = Files.write(dir.resolve("before.zst"), Arrays.copyOf(whole, (int) block));
                expected = LINES.subList(0, completeLines(Fixtures.recoveredBy(tool, blocksBefore), 0));
                assertTrue(expected.size() > 1000, "the blocks before it are kept: " + expected.size());
            }
            default -> {
                // One 4 MiB block: the block (offset 7) if it fails to decode, the frame (0) if only its checksum does.
                assertTrue(damage.offset() == 0 || damage.offset() == 7, damage.toString());
                expected = List.of();
            }
        }
        assertAnswers(file, index, expected);
    }

    @Test
    void decodersHandOutEveryByteBeforeTheDamageAndPlaceIt() throws Exception {
        // gzip cut: every byte gzip itself gets back, then the error at the cut.
        byte[] gz = Files.readAllBytes(cliFile(Codec.GZIP, "gzip"));
        Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length * 2 / 3));
        byte[] gzipRecovers = Fixtures.recoveredBy("gzip", cut);
        Strict gzRead = strictRead(Codec.GZIP, cut);
        assertEquals(gz.length * 2 / 3, gzRead.error().offset(), gzRead.error().getMessage());
        assertTrue(gzRead.bytes().length >= gzipRecovers.length, gzRead.bytes().length + " < " + gzipRecovers.length);
        assertArrayEquals(Arrays.copyOf(RAW, gzRead.bytes().length), gzRead.bytes());

        // zstd overwritten: the whole blocks before the damaged one, and the error at that block (not at 0).
        byte[] zst = Files.readAllBytes(cliFile(Codec.ZSTD, "zstd"));
        int at = zst.length * 2 / 3;
        Path damaged = Files.write(dir.resolve("damaged.zst"), overwrite(zst, at, 100));
        long block = zstdBlockHolding(zst, at);
        Strict zsRead = strictRead(Codec.ZSTD, damaged);
        assertEquals(block, zsRead.error().offset(), zsRead.error().getMessage());
        assertTrue(zsRead.error().getMessage().startsWith(damaged.toString()), zsRead.error().getMessage());
        byte[] blocksBefore = Fixtures.recoveredBy("zstd", Files.write(dir.resolve("blocks.zst"), Arrays.copyOf(zst, (int) block)));
        assertTrue(blocksBefore.length > 0);
        assertArrayEquals(blocksBefore, zsRead.bytes());
    }

    // ---- Rewind's own framed archives: damage costs its frame, the next frames are read ----

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"GZIP", "ZSTD", "LZ4"})
    void aFramedArchiveOverwrittenMidWayGoesOnAtTheNextFrame(Codec codec) throws Exception {
        Path archive = framed(codec);
        List<FrameIndex> frames = sidecarOf(archive).frames();
        int k = frames.size() / 2;
        FrameIndex frame = frames.get(k);
        long at = frame.offset() + frame.length() / 2;
        Files.write(archive, overwrite(Files.readAllBytes(archive), (int) at, 100));

        SidecarIndex index = index(archive);
        ArchiveDamage damage = onlyDamage(index);
        assertTrue(damage.offset() >= frame.offset() && damage.offset() <= at,
                "in the damaged frame, at or before the changed bytes (" + at + "): " + damage);
        assertEquals(frames.get(k + 1).offset(), damage.resumedAt(), "read again from the next frame");
        for (FrameIndex f : index.frames()) {
            assertTrue(f.offset() + f.length() <= damage.offset() || f.offset() >= damage.resumedAt(),
                    "no frame reaches into the damaged bytes: " + f);
        }
        assertAnswers(archive, index, without(LINES, frame));
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"GZIP", "ZSTD", "LZ4"})
    void aScanThatCompletesTheTokenIndexPassesOverTheKnownDamage(Codec codec) throws Exception {
        Path archive = framed(codec);
        List<FrameIndex> frames = sidecarOf(archive).frames();
        FrameIndex frame = frames.get(frames.size() / 2);
        Files.write(archive, overwrite(Files.readAllBytes(archive), (int) (frame.offset() + frame.length() / 2), 100));
        // The first, lean pass over a foreign archive leaves the token index out; a scan of all of it completes it.
        SidecarIndex lean = ArchiveIndexer.create(null, null).withoutTokens().index(archive, n -> { });
        ArchiveDamage damage = onlyDamage(lean);

        SplitReading.Result read = SplitReading.records(List.of(new IndexedArchive(archive,
                ArchiveFiles.sidecarBeside(archive), lean)));
        assertEquals(1, read.plan().size(), "one split reads the whole archive, damage and all");
        assertEquals(List.of(), read.warnings());
        assertEquals(messages(without(LINES, frame)), read.messages());
        SidecarIndex full = sidecarOf(archive);
        assertTrue(full.summary().tokensIndexed(), "the scan completed the index");
        assertEquals(List.of(damage), full.summary().damage(), "and recorded the same damage");
        assertAnswers(archive, full, without(LINES, frame));
    }

    @ParameterizedTest
    @CsvSource({"GZIP, gzip", "ZSTD, zstd", "LZ4, lz4"})
    void aFramedArchiveCutMidFrameKeepsTheFramesBeforeAndWhatDecodesOfThatOne(Codec codec, String tool)
            throws Exception {
        Path archive = framed(codec);
        List<FrameIndex> frames = sidecarOf(archive).frames();
        FrameIndex frame = frames.get(frames.size() / 2);
        int cut = (int) (frame.offset() + frame.length() / 2);
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(whole, cut));

        SidecarIndex index = index(archive);
        ArchiveDamage damage = onlyDamage(index);
        assertEquals(cut, damage.offset());
        assertEquals(-1, damage.resumedAt());
        int kept = codec == Codec.LZ4
                ? completeLines(Arrays.copyOf(RAW, (int) (frame.rawOffset() + lz4RawBefore(whole, (int) frame.offset(), cut))), 0)
                : completeLines(Fixtures.recoveredBy(tool, archive), 0);
        int framesBefore = completeLines(Arrays.copyOf(RAW, (int) frame.rawOffset()), 0);
        assertTrue(kept >= framesBefore, kept + " < " + framesBefore);
        assertAnswers(archive, index, LINES.subList(0, kept));
    }

    @Test
    void anLz4FrameWrongOnlyByItsContentChecksumHandsOutNothing() throws Exception {
        Path archive = framed(Codec.LZ4);
        List<FrameIndex> frames = sidecarOf(archive).frames();
        int k = frames.size() / 2;
        FrameIndex frame = frames.get(k);
        // One literal byte changed: the block decodes without complaint, to one wrong byte.
        byte[] bytes = Files.readAllBytes(archive);
        bytes[lz4FirstLiteral(bytes, (int) frame.offset())] ^= 0x01;
        Files.write(archive, bytes);

        Strict read = strictRead(Codec.LZ4, archive);
        assertEquals(frame.offset(), read.error().offset(), read.error().getMessage());
        assertTrue(read.error().getMessage().contains("content checksum"), read.error().getMessage());
        assertArrayEquals(Arrays.copyOf(RAW, (int) frame.rawOffset()), read.bytes(),
                "every frame before it, and not one byte of it although it decodes");

        SidecarIndex index = index(archive);
        ArchiveDamage damage = onlyDamage(index);
        assertEquals(frame.offset(), damage.offset());
        assertEquals(frames.get(k + 1).offset(), damage.resumedAt());
        assertAnswers(archive, index, without(LINES, frame));
    }

    // ---- several frames as tools write them when files are concatenated (cat a b) ----

    @ParameterizedTest
    @CsvSource({"GZIP, gzip", "ZSTD, zstd"})
    void concatenatedFilesGoOnAtTheNextOneAfterDamage(Codec codec, String tool) throws Exception {
        byte[] part1 = Arrays.copyOf(RAW, lineStartAt(RAW.length / 2));
        byte[] part2 = Arrays.copyOfRange(RAW, part1.length, RAW.length);
        byte[] c1 = Fixtures.run(List.of(tool, "-c"), Files.write(dir.resolve("part1.log"), part1));
        byte[] c2 = Fixtures.run(List.of(tool, "-c"), Files.write(dir.resolve("part2.log"), part2));
        int at = c1.length / 2;
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(overwrite(c1, at, 100));
        both.writeBytes(c2);
        Path file = Files.write(dir.resolve("concat.log." + codec.extension()), both.toByteArray());

        SidecarIndex index = index(file);
        ArchiveDamage damage = onlyDamage(index);
        assertEquals(c1.length, damage.resumedAt(), "read again from the second " + tool + " frame");
        int keptOfFirst;
        if (codec == Codec.GZIP) {
            assertEquals(0, damage.offset(), "the damaged member is in doubt from its start: " + damage);
            keptOfFirst = 0;
        } else {
            long block = zstdBlockHolding(c1, at);
            assertEquals(block, damage.offset(), damage.toString());
            keptOfFirst = completeLines(Fixtures.recoveredBy(tool,
                    Files.write(dir.resolve("first.zst"), Arrays.copyOf(c1, (int) block))), 0);
        }
        List<String> expected = new ArrayList<>(LINES.subList(0, keptOfFirst));
        expected.addAll(lines(part2));
        assertAnswers(file, index, expected);
    }

    @Test
    void anLz4FrameOfSeveralBlocksFoundWrongAtItsEndIsLeftOutWhole() throws Exception {
        // lz4 -B4 (64 KiB blocks, not the default) makes a frame of several blocks from a small file:
        // its first blocks are handed out before the content checksum at its end can be read.
        byte[] part1 = Arrays.copyOf(RAW, lineStartAt(RAW.length / 2));
        byte[] part2 = Arrays.copyOfRange(RAW, part1.length, RAW.length);
        byte[] c1 = Fixtures.run(List.of("lz4", "-B4", "-c"), Files.write(dir.resolve("part1.log"), part1));
        byte[] c2 = Fixtures.run(List.of("lz4", "-c"), Files.write(dir.resolve("part2.log"), part2));
        c1[lz4FirstLiteralOfBlock(c1, 0, 2)] ^= 0x01; // the third block decodes, to one wrong byte
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(c1);
        both.writeBytes(c2);
        Path file = Files.write(dir.resolve("blocks.log.lz4"), both.toByteArray());

        Strict read = strictRead(Codec.LZ4, file);
        assertEquals(0, read.error().offset(), read.error().getMessage());
        assertTrue(read.bytes().length >= 2 * 64 * 1024, "the first two blocks were handed out: " + read.bytes().length);

        SidecarIndex index = index(file);
        ArchiveDamage damage = onlyDamage(index);
        assertEquals(0, damage.offset());
        assertEquals(c1.length, damage.resumedAt());
        assertTrue(damage.reason().contains("left out"), damage.reason());
        assertAnswers(file, index, lines(part2));
    }

    // ---- what is not damage of an archive, and what a reader meets first ----

    @Test
    void aFileThatIsNotAnArchiveOfItsCodecStillFailsByName() throws Exception {
        byte[] bytes = new byte[300];
        new SplittableRandom(3).nextBytes(bytes);
        bytes[0] = 0x1F;
        bytes[1] = (byte) 0x8B;
        bytes[2] = 7; // not deflate
        Path file = Files.write(dir.resolve("not.gz"), bytes);
        CorruptArchiveException e = assertThrows(CorruptArchiveException.class, () -> index(file));
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("compression method 7"),
                e.getMessage());
    }

    @Test
    void damageMetFirstByAReaderIsOneWarningAndTheFramesAfterItAreRead() throws Exception {
        Path archive = framed(Codec.ZSTD);
        SidecarIndex stale = sidecarOf(archive);
        FrameIndex frame = stale.frames().get(stale.frames().size() / 2);
        Files.write(archive, overwrite(Files.readAllBytes(archive), (int) (frame.offset() + frame.length() / 2), 100));

        // The catalog has not seen the change yet: the splits come from the sidecar made before it.
        SplitReading.Result read = SplitReading.records(List.of(new IndexedArchive(archive,
                ArchiveFiles.sidecarBeside(archive), stale)));
        assertEquals(1, read.warnings().size(), read.warnings().toString());
        String warning = read.warnings().get(0);
        assertTrue(warning.startsWith(archive.toString()) && warning.contains("byte offset "), warning);
        assertEquals(messages(without(LINES, frame)), read.messages(), "the lines before and after it");
    }

    @Test
    void aChecksumFoundWrongAfterItsFrameWasReadIsWarnedOfOnceWithNoLineCut() throws Exception {
        // A member as gzip writes it, longer than a reader's buffer (256 KiB): its end is decoded in a read
        // that goes on from a line begun in the read before.
        byte[] part1 = Arrays.copyOf(RAW, lineStartAt(RAW.length * 3 / 4));
        byte[] part2 = Arrays.copyOfRange(RAW, part1.length, RAW.length);
        byte[] c1 = Fixtures.run(List.of("gzip", "-c"), Files.write(dir.resolve("part1.log"), part1));
        byte[] c2 = Fixtures.run(List.of("gzip", "-c"), Files.write(dir.resolve("part2.log"), part2));
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(c1);
        both.writeBytes(c2);
        Path archive = Files.write(dir.resolve("members.log.gz"), both.toByteArray());
        SidecarIndex stale = index(archive);
        byte[] bytes = both.toByteArray();
        bytes[c1.length - 8] ^= 0x01; // the first member's CRC, not its content
        Files.write(archive, bytes);

        SplitReading.Result read = SplitReading.records(List.of(new IndexedArchive(archive,
                ArchiveFiles.sidecarBeside(archive), stale)));
        assertEquals(1, read.warnings().size(), read.warnings().toString());
        String warning = read.warnings().get(0);
        assertTrue(warning.contains("byte offset 0") && warning.contains("may be wrong"), warning);
        assertEquals(messages(LINES), read.messages(), "its lines were read before the check; none is cut in two");
    }

    // ---- what a user sees ----

    /**
     * The answer over a damaged archive: its count, its records read split by split as a query
     * reads them, and each frame alone; no split repeats the damage the sidecar records.
     */
    private void assertAnswers(Path archive, SidecarIndex index, List<String> expected) throws IOException {
        assertEquals(expected.size(), index.summary().lines(), "the count");
        IndexedArchive entry = new IndexedArchive(archive, ArchiveFiles.sidecarBeside(archive), index);
        SplitReading.Result records = SplitReading.records(List.of(entry));
        assertEquals(messages(expected), records.messages(), "the records");
        assertEquals(List.of(), records.warnings(), "the damage is said once, from the sidecar, not again by a split");
        for (var split : records.plan()) {
            for (ArchiveDamage d : index.summary().damage()) {
                long lostTo = d.resumedAt() < 0 ? Long.MAX_VALUE : d.resumedAt();
                assertTrue(split.offset() + split.length() <= d.offset() || split.offset() >= lostTo,
                        "no split is planned across damaged bytes: " + split.splitId() + " and " + d);
            }
        }
        SplitReading.Result count = SplitReading.count(List.of(entry));
        assertEquals(expected.size(), count.counted(), "counted by the splits");
        assertEquals(List.of(), count.warnings());
        long lines = 0;
        for (FrameIndex f : index.frames()) {
            try (FrameRecordReader reader = ArchiveReader.records(archive, index, f.ordinal(), f.ordinal() + 1)) {
                long n = 0;
                while (reader.nextLine()) {
                    n++;
                }
                assertEquals(f.lines(), n, "frame " + f.ordinal() + " read alone by seeking to it");
                assertEquals(List.of(), reader.warnings());
                lines += n;
            }
        }
        assertEquals(expected.size(), lines);
    }

    private static ArchiveDamage onlyDamage(SidecarIndex index) {
        assertEquals(1, index.summary().damage().size(), index.summary().damage().toString());
        return index.summary().damage().get(0);
    }

    private static long foundAt(ArchiveDamage damage) {
        Matcher m = Pattern.compile("(?:found|checked) at byte (\\d+)").matcher(damage.reason());
        assertTrue(m.find(), damage.reason());
        return Long.parseLong(m.group(1));
    }

    // ---- fixtures ----

    private Path cliFile(Codec codec, String tool) throws Exception {
        Path raw = Files.write(dir.resolve("app.log"), RAW);
        return Files.write(dir.resolve("app.log." + codec.extension()), Fixtures.run(List.of(tool, "-c"), raw));
    }

    private Path framed(Codec codec) throws IOException {
        return Fixtures.write(dir, "framed." + codec.extension(), RAW, codec, FRAME_SIZE);
    }

    private static SidecarIndex sidecarOf(Path archive) throws IOException {
        return ArchiveFiles.readSidecar(archive, ArchiveFiles.sidecarBeside(archive));
    }

    private static SidecarIndex index(Path archive) throws IOException {
        return ArchiveIndexer.create(null, null).index(archive, n -> { });
    }

    /** {@code bytes} with {@code count} seeded random bytes from {@code at}. */
    private static byte[] overwrite(byte[] bytes, int at, int count) {
        byte[] copy = bytes.clone();
        SplittableRandom random = new SplittableRandom(at);
        for (int i = 0; i < count; i++) {
            copy[at + i] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private record Strict(byte[] bytes, CorruptArchiveException error) {
    }

    /** A strict decode of the whole file: the bytes handed out before it threw, and what it threw. */
    private static Strict strictRead(Codec codec, Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = FrameDecoders.open(codec, Files.newInputStream(file), 0, file.toString(), FrameListener.NONE)) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (CorruptArchiveException e) {
            return new Strict(out.toByteArray(), e);
        }
        throw new AssertionError(file + " decoded without an error");
    }

    private static List<String> lines(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        return List.of(text.substring(0, text.length() - 1).split("\n", -1));
    }

    /** Lines ended by a newline in {@code decoded}, which must be a prefix of the generator's bytes from {@code rawFrom}. */
    private static int completeLines(byte[] decoded, int rawFrom) {
        assertArrayEquals(Arrays.copyOfRange(RAW, rawFrom, rawFrom + decoded.length), decoded, "decodes to the generator's bytes");
        int n = 0;
        for (byte b : decoded) {
            n += b == '\n' ? 1 : 0;
        }
        return n;
    }

    private static int lineStartAt(int offset) {
        int i = offset;
        while (RAW[i - 1] != '\n') {
            i++;
        }
        return i;
    }

    private static List<String> without(List<String> lines, FrameIndex frame) {
        int first = completeLines(Arrays.copyOf(RAW, (int) frame.rawOffset()), 0);
        List<String> kept = new ArrayList<>(lines.subList(0, first));
        kept.addAll(lines.subList(first + (int) frame.lines(), lines.size()));
        return kept;
    }

    private static List<String> messages(List<String> lines) {
        Pattern message = Pattern.compile("\"message\":\"([^\"]*)\"");
        return lines.stream().map(l -> {
            Matcher m = message.matcher(l);
            assertTrue(m.find(), l);
            return m.group(1);
        }).toList();
    }

    // ---- the formats' structure, read independently of the decoders under test ----

    /** The start of the zstd block (of the frame at 0) that holds byte {@code at} (RFC 8878 block headers). */
    private static long zstdBlockHolding(byte[] file, int at) {
        int descriptor = file[4] & 0xFF;
        boolean single = (descriptor & 0x20) != 0;
        int fcs = descriptor >>> 6;
        int p = 5 + (single ? 0 : 1) + new int[] {0, 1, 2, 4}[descriptor & 3]
                + (fcs == 0 ? (single ? 1 : 0) : new int[] {0, 2, 4, 8}[fcs]);
        while (true) {
            int header = (file[p] & 0xFF) | (file[p + 1] & 0xFF) << 8 | (file[p + 2] & 0xFF) << 16;
            int end = p + 3 + (((header >>> 1) & 3) == 1 ? 1 : header >>> 3);
            if (at < end) {
                return p;
            }
            if ((header & 1) != 0) {
                throw new AssertionError(at + " is past the last block");
            }
            p = end;
        }
    }

    /** Where the data of block {@code n} of the LZ4 frame at {@code frame} starts (after its size word). */
    private static int lz4BlockData(byte[] file, int frame, int n) {
        int flg = file[frame + 4] & 0xFF;
        int p = frame + 4 + 2 + ((flg & 0x08) != 0 ? 8 : 0) + ((flg & 0x01) != 0 ? 4 : 0) + 1;
        for (int i = 0; i < n; i++) {
            p += 4 + (intLe(file, p) & 0x7FFFFFFF) + ((flg & 0x10) != 0 ? 4 : 0);
        }
        return p + 4;
    }

    private static int lz4FirstLiteral(byte[] file, int frame) {
        return lz4FirstLiteralOfBlock(file, frame, 0);
    }

    /** The first literal byte of block {@code n}: a block opens with a sequence of at least one literal. */
    private static int lz4FirstLiteralOfBlock(byte[] file, int frame, int n) {
        int p = lz4BlockData(file, frame, n);
        int token = file[p] & 0xFF;
        assertTrue(token >>> 4 > 0, "the block opens with literals");
        p++;
        if (token >>> 4 == 15) {
            while ((file[p++] & 0xFF) == 255) {
                // length bytes
            }
        }
        return p;
    }

    /**
     * The decoded length the whole sequences of the LZ4 frame's first block at {@code frame} give
     * when the file ends at {@code cut} (plus the literals present of the one cut): the block's
     * sequence lengths walked, nothing decoded.
     */
    private static long lz4RawBefore(byte[] file, int frame, int cut) {
        int p = lz4BlockData(file, frame, 0);
        int end = Math.min(p + (intLe(file, p - 4) & 0x7FFFFFFF), cut);
        long raw = 0;
        while (p < end) {
            int token = file[p++] & 0xFF;
            long literals = token >>> 4;
            if (literals == 15) {
                int b;
                do {
                    if (p >= end) {
                        return raw;
                    }
                    b = file[p++] & 0xFF;
                    literals += b;
                } while (b == 255);
            }
            long present = Math.min(literals, end - p);
            raw += present;
            p += (int) present;
            if (present < literals || p + 2 > end) {
                return raw;
            }
            p += 2;
            long match = token & 0x0F;
            if (match == 15) {
                int b;
                do {
                    if (p >= end) {
                        return raw;
                    }
                    b = file[p++] & 0xFF;
                    match += b;
                } while (b == 255);
            }
            raw += match + 4;
        }
        return raw;
    }

    private static int intLe(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
