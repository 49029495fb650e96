package dev.rewind.connectors.archive.format;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
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
        String text = path.toString().replace('\\', '/');
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
