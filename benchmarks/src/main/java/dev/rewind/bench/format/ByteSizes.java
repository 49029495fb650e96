package dev.rewind.bench.format;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** Byte sizes as people write them: {@code 262144}, {@code 256K}, {@code 1M}, {@code 4MiB}. */
final class ByteSizes implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        return parse(value);
    }

    static int parse(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
        long unit = 1;
        if (v.endsWith("K")) {
            unit = 1 << 10;
        } else if (v.endsWith("M")) {
            unit = 1 << 20;
        }
        String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
        try {
            long bytes = Long.parseLong(digits.strip()) * unit;
            if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("size '" + value + "' out of range");
            }
            return (int) bytes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size '" + value + "' is not a byte count like 262144, 256K or 1M");
        }
    }

    /** 1048576 as "1 MiB", 262144 as "256 KiB", anything else in bytes. */
    static String format(int bytes) {
        if (bytes % (1 << 20) == 0) {
            return bytes / (1 << 20) + " MiB";
        }
        if (bytes % (1 << 10) == 0) {
            return bytes / (1 << 10) + " KiB";
        }
        return bytes + " B";
    }
}
