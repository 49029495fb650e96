package dev.rewind.server;

import dev.rewind.analysis.ErrorAnalysis;
import dev.rewind.api.QueryTimes;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.connectors.record.Level;
import dev.rewind.job.query.Bucket;
import dev.rewind.query.BadRequestException;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code GET /api/analysis/errors?start_time=&end_time=&bucket=day[&service=][&level=ERROR,FATAL][&top=20]}:
 * error trends, recurring error types and spikes, from the sidecars' pre-aggregates.
 */
final class AnalysisController {
    private final CatalogHolder catalog;

    AnalysisController(CatalogHolder catalog) {
        this.catalog = catalog;
    }

    void errors(Context ctx) {
        Instant start = QueryTimes.start("start_time", ctx.queryParam("start_time"));
        Instant end = QueryTimes.end("end_time", ctx.queryParam("end_time"));
        if (end.isBefore(start)) {
            throw new BadRequestException("end_time", "is before start_time");
        }
        Bucket bucket;
        try {
            bucket = Bucket.parse(ctx.queryParam("bucket") == null ? "day" : ctx.queryParam("bucket"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("bucket", e.getMessage());
        }
        Set<Level> levels = EnumSet.of(Level.ERROR, Level.FATAL); // errors by default; add WARN with level=
        String levelParam = ctx.queryParam("level");
        if (levelParam != null && !levelParam.isBlank()) {
            levels = EnumSet.noneOf(Level.class);
            for (String name : levelParam.split(",")) {
                try {
                    levels.add(Level.parseStrict(name));
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException("level", e.getMessage());
                }
            }
        }
        int top = 20;
        if (ctx.queryParam("top") != null) {
            try {
                top = Integer.parseInt(ctx.queryParam("top"));
            } catch (NumberFormatException e) {
                top = -1;
            }
            if (top < 1 || top > 1000) {
                throw new BadRequestException("top", "must be a whole number from 1 to 1000");
            }
        }
        long buckets = java.time.Duration.between(start, end).toHours() / switch (bucket) {
            case HOUR -> 1;
            case DAY -> 24;
            case WEEK -> 24 * 7;
            case MONTH -> 24 * 28;
        };
        if (buckets > 20_000) {
            throw new BadRequestException("bucket", "gives " + buckets + " buckets over this range; choose a larger one");
        }
        String service = ctx.queryParam("service");
        ctx.json(ErrorAnalysis.analyse(catalog.snapshot(), catalog.details(), start, end, bucket, levels,
                service == null || service.isBlank() ? null : service, top));
    }
}
