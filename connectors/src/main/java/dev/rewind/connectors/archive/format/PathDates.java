package dev.rewind.connectors.archive.format;

import dev.rewind.connectors.storage.StoragePath;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date an archive's path is named for: {@code dt=2024-01-31/}, {@code 2024/01/31/}, or a date
 * in the file name ({@code app-2024-01-31.json.gz}, logrotate's {@code app.log-20240131.gz}). A
 * pruning hint only: the sidecar's own min/max timestamps are what queries trust.
 */
public final class PathDates {
    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("(?:^|/)dt=(\\d{4})-(\\d{2})-(\\d{2})(?:/|$)"),
            Pattern.compile("(?:^|/)(\\d{4})/(\\d{2})/(\\d{2})(?:/|$)"),
            Pattern.compile("(?<![0-9])(\\d{4})-(\\d{2})-(\\d{2})(?![0-9])"),
            Pattern.compile("(?<![0-9])(\\d{4})(\\d{2})(\\d{2})(?![0-9])"));

    private PathDates() {
    }

    /** The date in {@code path}, or null when it names none. */
    public static LocalDate of(Path path) {
        return of(path.toString());
    }

    /** The date in an archive's location (a local path or a URI), or null when it names none. */
    public static LocalDate of(StoragePath path) {
        return of(path.toString());
    }

    /** The date in a path's text, or null when it names none. */
    public static LocalDate of(String path) {
        String text = path.replace('\\', '/');
        for (Pattern pattern : PATTERNS) {
            Matcher m = pattern.matcher(text);
            LocalDate found = null;
            while (m.find()) { // the last date in the path is the most specific one
                LocalDate date = date(m.group(1), m.group(2), m.group(3));
                if (date != null) {
                    found = date;
                }
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** A span of time a folder's path names: {@code [start, end)}, and how precisely ({@code HOURS} or {@code DAYS} and coarser). */
    public record Span(java.time.Instant start, java.time.Instant end, java.time.temporal.ChronoUnit unit) {
    }

    private static final Pattern DT = Pattern.compile("dt=(\\d{4})-(\\d{2})-(\\d{2})");
    private static final Pattern HOUR = Pattern.compile("hour=(\\d{1,2})");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,4}");

    /**
     * The time a folder of an archive store stands for, from its path below the store's root:
     * {@code dt=2024-03-15} a day, {@code dt=2024-03-15/hour=07} an hour, {@code 2024},
     * {@code 2024/03}, {@code 2024/03/15} a year, month or day. Null when the path names no time
     * (the folder may hold anything: it is listed). What prunes a listing to a query's range.
     *
     * @param relative the folder's path below the root, names separated by {@code /}
     */
    public static Span folderSpan(String relative) {
        String[] names = relative.replace('\\', '/').split("/");
        LocalDate day = null;
        Integer hour = null;
        for (String name : names) {
            Matcher dt = DT.matcher(name);
            Matcher h = HOUR.matcher(name);
            if (dt.matches()) {
                day = date(dt.group(1), dt.group(2), dt.group(3));
                hour = null;
            } else if (h.matches() && day != null) {
                int value = Integer.parseInt(h.group(1));
                hour = value < 24 ? value : null;
            }
        }
        java.time.ZoneOffset utc = ZoneOffset.UTC;
        if (day != null) {
            java.time.Instant start = day.atStartOfDay(utc).toInstant();
            return hour == null ? new Span(start, start.plus(java.time.Duration.ofDays(1)), java.time.temporal.ChronoUnit.DAYS)
                    : new Span(start.plusSeconds(3600L * hour), start.plusSeconds(3600L * (hour + 1)),
                    java.time.temporal.ChronoUnit.HOURS);
        }
        // YYYY[/MM[/DD]] at the end of the path
        int n = names.length;
        int k = 0; // how many trailing numeric names form a date
        while (k < 3 && n - 1 - k >= 0 && NUMBER.matcher(names[n - 1 - k]).matches()) {
            k++;
        }
        for (int len = k; len >= 1; len--) {
            int first = n - len;
            if (names[first].length() != 4) {
                continue;
            }
            int year = Integer.parseInt(names[first]);
            if (year < 1990 || year > 2100) {
                continue;
            }
            try {
                if (len == 1) {
                    LocalDate start = LocalDate.of(year, 1, 1);
                    return new Span(start.atStartOfDay(utc).toInstant(), start.plusYears(1).atStartOfDay(utc).toInstant(),
                            java.time.temporal.ChronoUnit.DAYS);
                }
                int month = Integer.parseInt(names[first + 1]);
                if (len == 2) {
                    LocalDate start = LocalDate.of(year, month, 1);
                    return new Span(start.atStartOfDay(utc).toInstant(), start.plusMonths(1).atStartOfDay(utc).toInstant(),
                            java.time.temporal.ChronoUnit.DAYS);
                }
                LocalDate start = LocalDate.of(year, month, Integer.parseInt(names[first + 2]));
                return new Span(start.atStartOfDay(utc).toInstant(), start.plusDays(1).atStartOfDay(utc).toInstant(),
                        java.time.temporal.ChronoUnit.DAYS);
            } catch (DateTimeException e) {
                return null;
            }
        }
        return null;
    }

    private static LocalDate date(String y, String m, String d) {
        int year = Integer.parseInt(y);
        if (year < 1990 || year > 2100) {
            return null;
        }
        try {
            return LocalDate.of(year, Integer.parseInt(m), Integer.parseInt(d));
        } catch (DateTimeException e) {
            return null;
        }
    }
}
