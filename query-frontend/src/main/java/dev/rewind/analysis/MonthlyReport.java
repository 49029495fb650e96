package dev.rewind.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rewind.api.QueryAnswer;
import dev.rewind.api.RequestParser;
import dev.rewind.catalog.ArchiveCatalog;
import dev.rewind.connectors.record.Level;
import dev.rewind.job.query.Bucket;
import dev.rewind.query.ArchiveQueryRunner;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * The monthly error-trend report: the month's errors per day and level and its top error types,
 * computed as Flink jobs over the archives (a trend and a patterns aggregate), plus the spikes of
 * the sidecar analysis; written as {@code error-trends-YYYY-MM.json}, {@code .csv} and a {@code .png}
 * chart (XChart) into the reports directory. Stateless.
 */
public final class MonthlyReport {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).enable(SerializationFeature.INDENT_OUTPUT);

    private MonthlyReport() {
    }

    /** What was written. */
    public record Files3(Path json, Path csv, Path png) {
    }

    public static Files3 write(YearMonth month, ArchiveCatalog catalog, ArchiveQueryRunner runner, Path reports)
            throws Exception {
        Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1);
        var body = JsonNodeFactory.instance.objectNode().put("start_time", start.toString()).put("end_time", end.toString());
        body.putObject("filters").putArray("level").add("ERROR").add("FATAL");
        body.put("sources", "archive");
        body.putObject("aggregate").put("type", "trend").put("bucket", "day").putArray("by").add("level");
        QueryAnswer trend = runner.run(RequestParser.parse(body), catalog, p -> { }, r -> { });
        body.putObject("aggregate").put("type", "patterns").put("limit", 20);
        QueryAnswer patterns = runner.run(RequestParser.parse(body), catalog, p -> { }, r -> { });
        ErrorReport analysis = ErrorAnalysis.analyse(catalog, start, end, Bucket.DAY, EnumSet.of(Level.ERROR, Level.FATAL),
                null, 20);

        Files.createDirectories(reports);
        String name = "error-trends-" + month;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("month", month.toString());
        report.put("generated_at", Instant.now().toString());
        report.put("trend", trend.aggregate());
        report.put("top_error_types", patterns.aggregate().patterns());
        report.put("spikes", analysis.spikes());
        report.put("jobs", List.of(trend.stats().jobId(), patterns.stats().jobId()));
        Path json = reports.resolve(name + ".json");
        JSON.writeValue(json.toFile(), report);

        Path csv = reports.resolve(name + ".csv");
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("day,level,count\n");
            for (QueryAnswer.Series series : trend.aggregate().series()) {
                for (QueryAnswer.Point point : series.points()) {
                    out.write(point.t().substring(0, 10) + "," + series.key().get("level") + "," + point.count() + "\n");
                }
            }
        }
        Path png = reports.resolve(name + ".png");
        chart(month, trend.aggregate(), png);
        return new Files3(json, csv, png);
    }

    private static void chart(YearMonth month, QueryAnswer.AggregateView trend, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(360).title("Errors per day, " + month)
                .xAxisTitle("day").yAxisTitle("lines").build();
        chart.getStyler().setDatePattern("MM-dd");
        for (QueryAnswer.Series series : trend.series()) {
            List<Date> x = new ArrayList<>();
            List<Long> y = new ArrayList<>();
            for (QueryAnswer.Point point : series.points()) {
                x.add(Date.from(Instant.parse(point.t())));
                y.add(point.count());
            }
            if (!x.isEmpty()) {
                chart.addSeries(series.key().getOrDefault("level", "all"), x, y).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            }
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
