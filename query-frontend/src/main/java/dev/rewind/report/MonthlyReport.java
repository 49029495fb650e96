package dev.rewind.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rewind.analysis.ErrorAnalysis;
import dev.rewind.analysis.ErrorReport;
import dev.rewind.api.WireAnswers;
import dev.rewind.connectors.record.Level;
import dev.rewind.job.query.Aggregation;
import dev.rewind.job.query.Bucket;
import dev.rewind.query.Answer;
import dev.rewind.query.QueryEngine;
import dev.rewind.query.QueryRequest;
import dev.rewind.query.Result;
import dev.rewind.query.Sources;
import dev.rewind.query.chain.QueryListener;
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

    public static Files3 write(YearMonth month, QueryEngine engine, Path reports) throws Exception {
        Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1);
        QueryRequest.Builder errors = QueryRequest.builder().range(start, end).levels(EnumSet.of(Level.ERROR, Level.FATAL))
                .sources(Sources.ARCHIVE);
        Answer trend = engine.query(errors.aggregate(new Aggregation.Trend(Bucket.DAY, true, false)).build(),
                engine.context(QueryListener.NONE));
        Answer patterns = engine.query(errors.aggregate(new Aggregation.Patterns(20)).build(),
                engine.context(QueryListener.NONE));
        ErrorReport analysis = ErrorAnalysis.analyse(engine.catalog().snapshot(), engine.catalog().details(), start, end,
                Bucket.DAY, EnumSet.of(Level.ERROR, Level.FATAL), null, 20);
        Result.Trend days = (Result.Trend) trend.result();

        Files.createDirectories(reports);
        String name = "error-trends-" + month;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("month", month.toString());
        report.put("generated_at", Instant.now().toString());
        report.put("trend", WireAnswers.aggregate(days, trend.complete()));
        report.put("top_error_types", WireAnswers.aggregate(patterns.result(), patterns.complete()).patterns());
        report.put("spikes", analysis.spikes());
        report.put("warnings", trend.warnings());
        report.put("jobs", java.util.Arrays.asList(trend.stats().jobId(), patterns.stats().jobId()));
        Path json = reports.resolve(name + ".json");
        JSON.writeValue(json.toFile(), report);

        Path csv = reports.resolve(name + ".csv");
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("day,level,count\n");
            for (Result.Series series : days.series()) {
                for (Result.Point point : series.points()) {
                    out.write(point.t().toString().substring(0, 10) + "," + series.level() + "," + point.count() + "\n");
                }
            }
        }
        Path png = reports.resolve(name + ".png");
        chart(month, days, png);
        return new Files3(json, csv, png);
    }

    private static void chart(YearMonth month, Result.Trend trend, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(360).title("Errors per day, " + month)
                .xAxisTitle("day").yAxisTitle("lines").build();
        chart.getStyler().setDatePattern("MM-dd");
        for (Result.Series series : trend.series()) {
            List<Date> x = new ArrayList<>();
            List<Long> y = new ArrayList<>();
            for (Result.Point point : series.points()) {
                x.add(Date.from(point.t()));
                y.add(point.count());
            }
            if (!x.isEmpty()) {
                chart.addSeries(series.level() == null ? "all" : series.level().name(), x, y)
                        .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            }
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
