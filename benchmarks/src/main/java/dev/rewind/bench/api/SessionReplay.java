package dev.rewind.bench.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A person's session over six months of logs, generated with a fixed seed: start at the last week's
 * errors, then pan back and forth to adjacent periods, zoom out and in, slide the window by half,
 * switch between views of the same range (the error lines, their count, a trend, a text search,
 * one service's trend), and now and then go back to an earlier question. Ranges are whole days,
 * or whole hours once zoomed in below a day, and stay inside the sample.
 */
final class SessionReplay {
    /** One question of the session: what the person did, and the request body. */
    record Step(String action, String view, Instant start, Instant end, String body) {
    }

    private enum View { ERROR_LINES, ERROR_COUNT, LEVEL_TREND, TEXT_SEARCH, SERVICE_TREND }

    private final Instant first;
    private final Instant last;
    private final Random random;

    private SessionReplay(LocalDate firstDay, LocalDate lastDay, long seed) {
        this.first = firstDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        this.last = lastDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(); // exclusive
        this.random = new Random(seed);
    }

    static List<Step> generate(LocalDate firstDay, LocalDate lastDay, int count, long seed) {
        return new SessionReplay(firstDay, lastDay, seed).steps(count);
    }

    private List<Step> steps(int count) {
        List<Step> steps = new ArrayList<>();
        Instant end = last;
        Instant start = end.minus(7, ChronoUnit.DAYS);
        View view = View.ERROR_LINES;
        steps.add(step("open the last week", view, start, end));
        while (steps.size() < count) {
            Duration length = Duration.between(start, end);
            int pick = random.nextInt(100);
            String action;
            if (pick < 20) {
                action = "pan to the period before";
                end = start;
                start = start.minus(length);
            } else if (pick < 30) {
                action = "pan to the period after";
                start = end;
                end = end.plus(length);
            } else if (pick < 45) {
                action = "zoom out";
                start = start.minus(length);
            } else if (pick < 60) {
                action = "zoom in";
                Duration half = unit(length.dividedBy(2));
                if (random.nextBoolean()) {
                    start = end.minus(half);
                } else {
                    end = start.plus(half);
                }
            } else if (pick < 75) {
                action = "slide by half";
                Duration half = unit(length.dividedBy(2));
                boolean back = random.nextBoolean();
                start = back ? start.minus(half) : start.plus(half);
                end = back ? end.minus(half) : end.plus(half);
            } else if (pick < 90) {
                action = "another view of the same range";
                View next;
                do {
                    next = View.values()[random.nextInt(View.values().length)];
                } while (next == view);
                view = next;
            } else {
                Step earlier = steps.get(random.nextInt(steps.size()));
                steps.add(new Step("back to an earlier question", earlier.view(), earlier.start(), earlier.end(),
                        earlier.body()));
                start = earlier.start();
                end = earlier.end();
                view = View.valueOf(earlier.view());
                continue;
            }
            // keep the window inside the sample and between an hour and 90 days long
            Duration len = Duration.between(start, end);
            if (len.compareTo(Duration.ofDays(90)) > 0) {
                start = end.minus(Duration.ofDays(90));
            }
            if (len.compareTo(Duration.ofHours(1)) < 0) {
                end = start.plus(Duration.ofHours(1));
            }
            if (start.isBefore(first)) {
                end = end.plus(Duration.between(start, first));
                start = first;
            }
            if (end.isAfter(last)) {
                start = start.minus(Duration.between(last, end));
                end = last;
                if (start.isBefore(first)) {
                    start = first;
                }
            }
            steps.add(step(action, view, start, end));
        }
        return steps;
    }

    /** Whole days above a day, whole hours below. */
    private static Duration unit(Duration d) {
        return d.compareTo(Duration.ofDays(1)) >= 0 ? Duration.ofDays(Math.max(1, d.toDays())) : Duration.ofHours(Math.max(1, d.toHours()));
    }

    private static Step step(String action, View view, Instant start, Instant endExclusive) {
        String range = "\"start_time\":\"" + start + "\",\"end_time\":\"" + endExclusive.minusMillis(1) + "\"";
        boolean days = Duration.between(start, endExclusive).compareTo(Duration.ofDays(3)) >= 0;
        String body = switch (view) {
            case ERROR_LINES -> "{" + range + ",\"filters\":{\"level\":\"ERROR\"},\"page_size\":1000}";
            case ERROR_COUNT -> "{" + range + ",\"filters\":{\"level\":\"ERROR\"},\"aggregate\":{\"type\":\"count\"}}";
            case LEVEL_TREND -> "{" + range + ",\"aggregate\":{\"type\":\"trend\",\"bucket\":\"" + (days ? "day" : "hour")
                    + "\",\"by\":[\"level\"]}}";
            case TEXT_SEARCH -> "{" + range + ",\"filters\":{\"text\":\"declined\"},\"page_size\":100}";
            case SERVICE_TREND -> "{" + range + ",\"filters\":{\"service\":\"payments\",\"level\":[\"WARN\",\"ERROR\"]},"
                    + "\"aggregate\":{\"type\":\"trend\",\"bucket\":\"" + (days ? "day" : "hour") + "\",\"by\":[\"level\"]}}";
        };
        return new Step(action, view.name(), start, endExclusive, body);
    }
}
