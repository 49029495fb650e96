package dev.rewind.bench.soak;

import dev.rewind.connectors.record.LineHash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * One NDJSON line with a token no other line has, appended to one file of the corpus before it was
 * compressed: a six-month text search for {@code token} must answer exactly this line.
 *
 * @param file      the file it was planted in, relative to the store ({@code dt=…/part-03.ndjson.zst})
 * @param timestamp inside the file's day
 * @param line      the line as written, without its '\n'
 */
record Needle(String file, LocalDate day, Instant timestamp, String token, String message, String line) {

    /** The id Rewind gives a line that carries none: the hash of its raw bytes. */
    String id() {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return LineHash.idOf(bytes, 0, bytes.length);
    }

    /**
     * Which of {@code fileCount} files get a needle: {@code n} distinct indexes from {@code seed},
     * in ascending order.
     */
    static List<Integer> chooseFiles(int fileCount, int n, long seed) {
        if (n < 0 || n > fileCount) {
            throw new IllegalArgumentException("needles must be between 0 and the " + fileCount + " files, was " + n);
        }
        Random random = new Random(seed);
        TreeSet<Integer> chosen = new TreeSet<>();
        while (chosen.size() < n) {
            chosen.add(random.nextInt(fileCount));
        }
        return new ArrayList<>(chosen);
    }

    /** A needle for {@code file} of {@code day}: an INFO line at a random moment of the day. */
    static Needle plant(String file, LocalDate day, Random random) {
        String token = "soakneedle" + HexFormat.of().toHexDigits(random.nextLong());
        Instant at = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusMillis(random.nextInt(86_400_000));
        String message = "planted " + token + " for the soak benchmark";
        String line = "{\"timestamp\":\"" + at + "\",\"level\":\"INFO\",\"service\":\"soak\",\"host\":\"soak-1\","
                + "\"message\":\"" + message + "\",\"trace_id\":\"" + HexFormat.of().toHexDigits(random.nextLong()) + "\"}";
        return new Needle(file, day, at, token, message, line);
    }
}
