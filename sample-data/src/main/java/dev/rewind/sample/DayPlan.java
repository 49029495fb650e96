package dev.rewind.sample;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * How many lines each hour of one day gets: the normal traffic, shaped by the day of the week and
 * a daily curve, and an incident's storm, if the day has one.
 */
final class DayPlan {
    static final int HOURS = 24;
    /** A weekend day has about 65% of a weekday's traffic; the factors keep the week's mean at 1. */
    private static final double WEEKDAY = 1.1, WEEKEND = 0.75;
    /** Trough of the daily curve (at 03:00 UTC) relative to its peak (15:00 UTC). */
    private static final double NIGHT = 0.25;
    /** Share of a storm per hour, by the storm's length: it builds, peaks and tails off. */
    private static final double[][] STORM_SHAPE = {{1.0}, {0.65, 0.35}, {0.3, 0.5, 0.2}};

    private final LocalDate day;
    private final int[] normal;
    private final int[] storm;
    private final Catalog.IncidentKind incident;

    private DayPlan(LocalDate day, int[] normal, int[] storm, Catalog.IncidentKind incident) {
        this.day = day;
        this.normal = normal;
        this.storm = storm;
        this.incident = incident;
    }

    /**
     * Normal lines of {@code day}: about {@code linesPerDay}, times the weekday factor, a slow growth
     * of traffic over the spec's range (-5% at its start, +5% at its end) and a ±5% jitter. Never 0.
     */
    static long baseTotal(SampleSpec spec, LocalDate day) {
        SplittableRandom r = Seeds.forDay(spec.seed(), day, Seeds.DAY_TOTAL);
        DayOfWeek dow = day.getDayOfWeek();
        double week = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? WEEKEND : WEEKDAY;
        double progress = (double) (day.toEpochDay() - spec.start().toEpochDay()) / Math.max(1, spec.days() - 1);
        double growth = 0.95 + 0.10 * Math.max(0, Math.min(1, progress));
        double jitter = 0.95 + 0.10 * r.nextDouble();
        return Math.max(1, Math.round(spec.linesPerDay() * week * growth * jitter));
    }

    /** @param incident the day's incident, or null on a normal day */
    static DayPlan of(SampleSpec spec, LocalDate day, Incident incident, Catalog catalog) {
        SplittableRandom r = Seeds.forDay(spec.seed(), day, Seeds.DAY_HOURS);
        double[] curve = new double[HOURS];
        for (int h = 0; h < HOURS; h++) {
            double phase = 2 * Math.PI * (h + 0.5 - 3) / HOURS;
            double shape = NIGHT + (1 - NIGHT) * (1 - Math.cos(phase)) / 2;
            curve[h] = shape * (0.92 + 0.16 * r.nextDouble());
        }
        int[] normal = apportion(baseTotal(spec, day), curve);
        int[] storm = new int[HOURS];
        Catalog.IncidentKind kind = null;
        if (incident != null) {
            kind = catalog.incidentKind(incident.template());
            int[] perHour = apportion(incident.lines(), STORM_SHAPE[Math.min(incident.hours(), 3) - 1]);
            for (int i = 0; i < perHour.length && incident.startHour() + i < HOURS; i++) {
                storm[incident.startHour() + i] = perHour[i];
            }
        }
        return new DayPlan(day, normal, storm, kind);
    }

    /**
     * Splits {@code total} in proportion to {@code weights}, exactly (largest remainder): the
     * day's truth is counted from what is written, but the parts must still add up to the plan.
     */
    static int[] apportion(long total, double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        int[] parts = new int[weights.length];
        double[] remainder = new double[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = total * weights[i] / sum;
            parts[i] = (int) Math.floor(exact);
            remainder[i] = exact - parts[i];
            given += parts[i];
        }
        for (long left = total - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < weights.length; i++) {
                if (remainder[i] > remainder[best]) {
                    best = i;
                }
            }
            parts[best]++;
            remainder[best] = -1;
        }
        return parts;
    }

    LocalDate day() {
        return day;
    }

    int normalLines(int hour) {
        return normal[hour];
    }

    int stormLines(int hour) {
        return storm[hour];
    }

    /** The storm's service and template; null on a normal day. */
    Catalog.IncidentKind incident() {
        return incident;
    }
}
