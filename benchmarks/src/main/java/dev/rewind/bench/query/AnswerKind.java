package dev.rewind.bench.query;

import dev.rewind.api.WireAnswer;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How each tool's output of one kind of query becomes a comparable {@link Answer}. */
enum AnswerKind {
    /** Rewind's {@code {type: "count"}} aggregate, {@code grep -c}, {@code SELECT count(*)}. */
    COUNT {
        @Override
        Answer fromRewind(WireAnswer answer) {
            return new Answer.Count(answer.aggregate().count());
        }

        @Override
        Answer fromShell(String output) throws IOException {
            try {
                return new Answer.Count(Long.parseLong(output.strip()));
            } catch (NumberFormatException e) {
                throw new IOException("expected a count, the pipeline printed '" + abbreviate(output) + "'");
            }
        }

        @Override
        Answer fromDuckDb(ResultSet rows) throws SQLException {
            rows.next();
            return new Answer.Count(rows.getLong(1));
        }
    },
    /** Records: Rewind's page, the lines a pipeline prints, the rows of a SELECT (timestamp first). */
    LINES {
        @Override
        Answer fromRewind(WireAnswer answer) {
            return new Answer.Lines(answer.results().stream().map(r -> Instant.parse(r.timestamp())).toList());
        }

        @Override
        Answer fromShell(String output) throws IOException {
            List<Instant> times = new ArrayList<>();
            for (String line : output.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                int at = line.indexOf(TIMESTAMP_FIELD);
                int end = at < 0 ? -1 : line.indexOf('"', at + TIMESTAMP_FIELD.length());
                if (end < 0) {
                    throw new IOException("a line without a timestamp: " + abbreviate(line));
                }
                times.add(Instant.parse(line.substring(at + TIMESTAMP_FIELD.length(), end)));
            }
            return new Answer.Lines(times);
        }

        @Override
        Answer fromDuckDb(ResultSet rows) throws SQLException {
            int columns = rows.getMetaData().getColumnCount();
            List<Instant> times = new ArrayList<>();
            while (rows.next()) {
                times.add(rows.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC));
                for (int c = 2; c <= columns; c++) {
                    rows.getObject(c); // every column reaches Java, as Rewind's records and grep's lines do
                }
            }
            return new Answer.Lines(times);
        }
    },
    /** Counts per "day level": Rewind's day trend by level, an awk tally, a GROUP BY day, level. */
    DAY_LEVEL_COUNTS {
        @Override
        Answer fromRewind(WireAnswer answer) {
            Map<String, Long> counts = new TreeMap<>();
            for (WireAnswer.Series series : answer.aggregate().series()) {
                String level = series.key().get("level");
                for (WireAnswer.Point point : series.points()) {
                    counts.merge(point.t().substring(0, 10) + " " + level, point.count(), Long::sum);
                }
            }
            return Answer.Counts.of(counts);
        }

        @Override
        Answer fromShell(String output) throws IOException {
            Map<String, Long> counts = new TreeMap<>();
            for (String line : output.split("\n")) {
                String[] parts = line.strip().split(" ");
                if (parts.length != 3) {
                    if (line.isBlank()) {
                        continue;
                    }
                    throw new IOException("expected 'count day level', the pipeline printed '" + abbreviate(line) + "'");
                }
                counts.merge(parts[1] + " " + parts[2], Long.parseLong(parts[0]), Long::sum);
            }
            return Answer.Counts.of(counts);
        }

        @Override
        Answer fromDuckDb(ResultSet rows) throws SQLException {
            Map<String, Long> counts = new TreeMap<>();
            while (rows.next()) {
                counts.merge(rows.getObject(1).toString() + " " + rows.getString(2), rows.getLong(3), Long::sum);
            }
            return Answer.Counts.of(counts);
        }
    };

    private static final String TIMESTAMP_FIELD = "\"timestamp\":\"";

    abstract Answer fromRewind(WireAnswer answer);

    abstract Answer fromShell(String output) throws IOException;

    abstract Answer fromDuckDb(ResultSet rows) throws SQLException;

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
