package dev.rewind.connectors.archive;

import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.archive.index.ArchiveIndexer;
import dev.rewind.connectors.archive.read.ArchiveReader;
import dev.rewind.connectors.archive.read.FrameRecordReader;
import dev.rewind.connectors.archive.write.ArchiveWriter;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.record.Level;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Run in a child JVM with a small heap by {@link LargeArchiveMemoryTest}: {@code write FILE BYTES}
 * streams generated lines into a framed zstd archive; {@code index FILE INDEX_DIR} indexes it as a
 * foreign archive and then decodes every record. Prints one summary line.
 */
public final class LargeArchiveMain {
    private LargeArchiveMain() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[1]);
        if (args[0].equals("write")) {
            long target = Long.parseLong(args[2]);
            try (ArchiveWriter writer = ArchiveWriter.builder().codec(Codec.ZSTD).open(file)) {
                writer.write(new GeneratedLines(target));
                print("written", writer.finish());
            }
        } else {
            SidecarIndex index = ArchiveIndexer.create(null, Path.of(args[2])).index(file, n -> { });
            long records = 0;
            try (FrameRecordReader reader = ArchiveReader.records(file, index, 0, index.frames().size())) {
                while (reader.nextLine()) {
                    if (reader.record().level() != Level.UNKNOWN) {
                        records++;
                    }
                }
            }
            print("indexed records=" + records, index);
        }
    }

    private static void print(String what, SidecarIndex index) {
        System.out.println(what + " lines=" + index.summary().lines() + " raw=" + index.summary().rawBytes()
                + " frames=" + index.frames().size() + " errors=" + index.summary().levels().get(Level.ERROR)
                + " maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1 << 20));
    }

    /** NDJSON lines made on the fly (never held whole), about 200 bytes each, until {@code target} bytes. */
    static final class GeneratedLines extends InputStream {
        private static final String[] LEVELS = {"INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};
        private final long target;
        private long produced;
        private long line;
        private byte[] current = new byte[0];
        private int pos;

        GeneratedLines(long target) {
            this.target = target;
        }

        private boolean nextLine() {
            if (produced >= target) {
                return false;
            }
            Instant ts = Instant.parse("2024-01-01T00:00:00Z").plusMillis(line * 7);
            String level = LEVELS[(int) (line % LEVELS.length)];
            String text = "{\"timestamp\":\"" + ts + "\",\"level\":\"" + level + "\",\"service\":\"svc" + (line % 5)
                    + "\",\"message\":\"request req-" + Long.toHexString(line * 2654435761L) + " for user u"
                    + (line % 9973) + " took " + (line % 997) + " ms on shard " + (line % 31) + "\"}\n";
            current = text.getBytes(StandardCharsets.UTF_8);
            pos = 0;
            produced += current.length;
            line++;
            return true;
        }

        @Override
        public int read() {
            if (pos == current.length && !nextLine()) {
                return -1;
            }
            return current[pos++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int done = 0;
            while (done < len) {
                if (pos == current.length && !nextLine()) {
                    break;
                }
                int n = Math.min(len - done, current.length - pos);
                System.arraycopy(current, pos, b, off + done, n);
                pos += n;
                done += n;
            }
            return done == 0 ? -1 : done;
        }
    }
}
