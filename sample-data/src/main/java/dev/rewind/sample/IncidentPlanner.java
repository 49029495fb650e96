package dev.rewind.sample;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chooses a run's incident days from its seed: four to six, none in the first week (so every
 * incident has a normal baseline before it), one in each equal stretch of the rest of the range
 * (so they spread over it), each with its own service and template.
 */
final class IncidentPlanner {
    static final int QUIET_DAYS = 7;
    static final double MIN_SHARE = 0.06, MAX_SHARE = 0.15;

    private IncidentPlanner() {
    }

    static List<Incident> plan(SampleSpec spec, Catalog catalog) {
        SplittableRandom r = Seeds.forRun(spec.seed(), Seeds.INCIDENTS);
        int eligible = spec.days() - QUIET_DAYS;
        List<Catalog.IncidentKind> kinds = new ArrayList<>(catalog.incidentKinds());
        int count = Math.min(Math.min(4 + r.nextInt(3), eligible), kinds.size());
        for (int i = kinds.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            kinds.set(j, kinds.set(i, kinds.get(j)));
        }
        List<Incident> incidents = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = QUIET_DAYS + (int) ((long) i * eligible / count);
            int to = QUIET_DAYS + (int) ((long) (i + 1) * eligible / count);
            LocalDate day = spec.start().plusDays(from + r.nextInt(to - from));
            Catalog.IncidentKind kind = kinds.get(i);
            int hours = 1 + r.nextInt(3);
            int startHour = 1 + r.nextInt(22 - hours);
            double share = MIN_SHARE + (MAX_SHARE - MIN_SHARE) * r.nextDouble();
            long lines = Math.max(1, Math.round(DayPlan.baseTotal(spec, day) * share));
            incidents.add(new Incident(day, kind.service().name(), kind.template().text(), startHour, hours, lines));
        }
        return incidents;
    }
}
