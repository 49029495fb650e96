package dev.rewind.connectors.archive.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    @Test
    void findsTheFirstNewlineAtEveryAlignment() {
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int k = 0; k < b.length; k++) {
                int pick = random.nextInt(10);
                b[k] = (byte) (pick == 0 ? '\n' : pick == 1 ? 0x0B : pick == 2 ? 0x8A : pick == 3 ? 0x09 : 'a' + pick);
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length);
            int expected = -1;
            for (int k = from; k < b.length; k++) {
                if (b[k] == '\n') {
                    expected = k;
                    break;
                }
            }
            assertEquals(expected, LineReader.indexOfNewline(b, from, b.length));
        }
    }

    @Test
    void splitsLinesAcrossReadsAndKeepsRawOffsets() throws Exception {
        String text = "first\r\nsecond\n\nthird line that is longer\nlast-without-newline";
        // hand the bytes over three at a time, so lines straddle every refill
        InputStream trickle = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
        List<String> lines = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        try (LineReader reader = new LineReader(trickle, 100)) {
            while (reader.next()) {
                lines.add(new String(reader.buffer(), reader.start(), reader.length(), StandardCharsets.UTF_8));
                offsets.add(reader.rawOffset());
            }
        }
        assertEquals(List.of("first", "second", "", "third line that is longer", "last-without-newline"), lines);
        assertEquals(List.of(100L, 107L, 114L, 115L, 141L), offsets);
    }

    @Test
    void aLineTheDecoderCutAtDamageIsNotALine() throws Exception {
        // Chunks as a decoder hands them out; "|" marks where it went past damage before the next chunk
        // (which starts at the next frame, so with a line).
        assertEquals(List.of("a1@100", "b2@103", "c3@110", "d4@113"), linesOf("a1\nb2\npart", "|c3\nd4\n"));
        assertEquals(List.of("x@100"), linesOf("x\ny", "|"), "cut at the very end");
        assertEquals(List.of("x@100", "y@102"), linesOf("x\n", "|y\n"), "at a line's start it cuts nothing");
        assertEquals(List.of("c@109"), linesOf("abc", "|de", "|fgh", "|i", "|c\n"), "several in a row");
    }

    private static List<String> linesOf(String... chunks) throws Exception {
        LineReader[] reader = new LineReader[1];
        InputStream decoder = new InputStream() {
            private int next;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (next == chunks.length) {
                    return -1;
                }
                String chunk = chunks[next++];
                if (chunk.startsWith("|")) {
                    reader[0].breakLine();
                    chunk = chunk.substring(1);
                }
                byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
                System.arraycopy(bytes, 0, b, off, bytes.length);
                return bytes.length;
            }
        };
        List<String> lines = new ArrayList<>();
        try (LineReader r = new LineReader(decoder, 100)) {
            reader[0] = r;
            while (r.next()) {
                lines.add(new String(r.buffer(), r.start(), r.length(), StandardCharsets.UTF_8) + "@" + r.rawOffset());
            }
        }
        return lines;
    }
}
