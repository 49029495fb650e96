package dev.rewind.connectors.record;

import java.time.Instant;

/**
 * The one timestamp shape most logs are written in, {@code 2024-03-01T12:34:56[.fraction](Z|±hh:mm)},
 * read by hand: {@code DateTimeFormatter.ISO_DATE_TIME} builds a field map and cross-checks it for
 * every line, which profiling showed to be a large part of parsing a matching NDJSON line. Anything
 * else (no offset, a named zone, a leap second, an odd field) answers null and goes to the formatter,
 * so what is accepted and how it is read do not change.
 */
final class FastIso {

    /** What a fraction of n digits is multiplied by to give nanoseconds. */
    private static final int[] SCALE = {1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    /** The first sixteen bytes of the last time read ({@code 2024-03-01T12:34}) and their local epoch seconds. */
    static final class Minute {
        private boolean valid;
        private long first;
        private long second;
        private long localSeconds;
    }

    private FastIso() {
    }

    /** The instant, or null when the text is not exactly of the fast shape (the caller falls back). */
    static Instant parse(String s) {
        // Latin-1 bytes: any other character becomes '?', which the shape rejects as it rejects the character
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        long[] out = new long[2];
        return read(b, 0, b.length, out, null) ? Instant.ofEpochSecond(out[0], out[1]) : null;
    }

    /**
     * Reads {@code b[from, to)} into {@code out} as {epoch second, nano}, allocating nothing (the
     * indexer reads every line's time this way); false when the text is not of the fast shape.
     *
     * @param minute the last minute read, or null: lines come in time order, so most share their
     *               first sixteen bytes with the line before and skip the calendar arithmetic
     */
    static boolean read(byte[] b, int from, int to, long[] out, Minute minute) {
        int n = to - from;
        if (n < 20 || b[from + 16] != ':') {
            return false;
        }
        long local;
        if (minute != null && minute.valid && AsciiWords.word(b, from) == minute.first
                && AsciiWords.word(b, from + 8) == minute.second) {
            local = minute.localSeconds;
        } else {
            if (b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T' || b[from + 13] != ':') {
                return false;
            }
            int year = digits(b, from, 4);
            int month = digits(b, from + 5, 2);
            int day = digits(b, from + 8, 2);
            int hour = digits(b, from + 11, 2);
            int minuteOfHour = digits(b, from + 14, 2);
            if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23
                    || minuteOfHour < 0 || minuteOfHour > 59) {
                return false;
            }
            local = epochDay(year, month, day) * 86_400L + hour * 3600L + minuteOfHour * 60L;
            if (minute != null) {
                minute.first = AsciiWords.word(b, from);
                minute.second = AsciiWords.word(b, from + 8);
                minute.localSeconds = local;
                minute.valid = true;
            }
        }
        int second = digits(b, from + 17, 2);
        if (second < 0 || second > 59) {
            return false;
        }
        int i = from + 19;
        int nanos = 0;
        if (i < to && b[i] == '.') {
            int start = ++i;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                if (i - start < 9) {
                    nanos = nanos * 10 + (b[i] - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return false;
            }
            nanos *= SCALE[count]; // "396" is 396,000,000 ns
        }
        int offsetSeconds;
        if (i == to - 1 && b[i] == 'Z') {
            offsetSeconds = 0;
        } else if (i == to - 6 && (b[i] == '+' || b[i] == '-') && b[i + 3] == ':') {
            int oh = digits(b, i + 1, 2);
            int om = digits(b, i + 4, 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                return false;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (b[i] == '-' ? -1 : 1);
        } else {
            return false;
        }
        out[0] = local + second - offsetSeconds;
        out[1] = nanos;
        return true;
    }

    private static int digits(byte[] b, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int c = b[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean leap(int year) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> leap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 (the proleptic Gregorian calendar, as {@code LocalDate.toEpochDay}). */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y;
        total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367L * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            if (!leap(year)) {
                total--;
            }
        }
        return total - 719_528L; // days from 0000-01-01 to 1970-01-01
    }
}
