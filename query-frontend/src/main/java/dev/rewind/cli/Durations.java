package dev.rewind.cli;

import dev.rewind.query.BadRequestException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations as people write them on a command line: {@code 30s}, {@code 10m}, {@code 2h}, {@code 30d}, or ISO-8601. */
public final class Durations {
    private Durations() {
    }

    /** @throws BadRequestException naming {@code option} when the text is not a duration */
    public static Duration parse(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(t.replaceAll("[a-z]+$", ""));
            String unit = t.replaceAll("^[0-9]+", "");
            return switch (unit) {
                case "", "s" -> Duration.ofSeconds(n);
                case "ms" -> Duration.ofMillis(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "y" -> Duration.ofDays(365 * n);
                default -> throw new NumberFormatException(unit);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new BadRequestException(option, "'" + text + "' is not a duration (like 30s, 10m, 2h, 30d or PT10M)");
        }
    }
}
