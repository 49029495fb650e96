package dev.rewind.sample;

import java.time.LocalDate;

/**
 * An incident day of the sample: {@code lines} extra ERROR lines of {@code service} with a
 * template seen on no other day, in the hours {@code startHour} to {@code startHour + hours - 1}
 * (UTC). What an error-trend or pattern query over the sample should find.
 *
 * @param template the storm's message template, variable parts as {@code <*>}
 */
public record Incident(LocalDate day, String service, String template, int startHour, int hours, long lines) {
}
