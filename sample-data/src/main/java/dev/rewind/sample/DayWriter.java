package dev.rewind.sample;

import dev.rewind.connectors.record.Level;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Writes the lines of one {@link DayPlan} in time order and counts them as it goes, so the day's
 * {@link DayTruth} is what was written, not what was planned. Memory is one hour's timestamps
 * (an int each) and one line; nothing of the day is kept. Not thread-safe: one per day.
 */
final class DayWriter {
    private static final int MILLIS_PER_HOUR = 3_600_000;

    private final Catalog catalog;
    private final StringBuilder text = new StringBuilder(256);
    private final int[] starts = new int[MessageTemplate.MAX_SLOTS];
    private final int[] ends = new int[MessageTemplate.MAX_SLOTS];
    private final long[] numbers = new long[MessageTemplate.MAX_SLOTS];
    private int[] offsets = new int[4096];

    DayWriter(Catalog catalog) {
        this.catalog = catalog;
    }

    DayTruth write(DayPlan plan, long seed, LineSink sink) throws IOException {
        SplittableRandom r = Seeds.forDay(seed, plan.day(), Seeds.DAY_LINES);
        long[] levels = new long[Level.COUNT];
        long[] perTemplate = new long[catalog.templates().size()];
        try (NdjsonLines lines = new NdjsonLines(plan.day())) {
            for (int hour = 0; hour < DayPlan.HOURS; hour++) {
                int stormLeft = plan.stormLines(hour);
                int total = plan.normalLines(hour) + stormLeft;
                int[] times = timesInHour(r, total);
                int base = hour * MILLIS_PER_HOUR;
                for (int i = 0; i < total; i++) {
                    ServiceProfile service;
                    MessageTemplate template;
                    // Sequential sampling: exactly stormLeft of the hour's lines are storm lines, spread at random.
                    if (stormLeft > 0 && r.nextInt(total - i) < stormLeft) {
                        stormLeft--;
                        service = plan.incident().service();
                        template = plan.incident().template();
                    } else {
                        service = catalog.pickService(r);
                        template = service.pick(Catalog.pickLevel(r), r);
                    }
                    text.setLength(0);
                    template.render(r, text, starts, ends, numbers);
                    lines.write(base + times[i], template.level(), service, r.nextInt(service.hostCount()),
                            r.nextLong(), template, text, starts, ends, numbers, sink);
                    levels[template.level().ordinal()]++;
                    perTemplate[template.id()]++;
                }
            }
        }
        return truth(plan, levels, perTemplate);
    }

    /** {@code count} sorted random offsets in the hour, in milliseconds. */
    private int[] timesInHour(SplittableRandom r, int count) {
        if (offsets.length < count) {
            offsets = new int[Math.max(count, offsets.length * 2)];
        }
        for (int i = 0; i < count; i++) {
            offsets[i] = r.nextInt(MILLIS_PER_HOUR);
        }
        Arrays.sort(offsets, 0, count);
        return offsets;
    }

    private DayTruth truth(DayPlan plan, long[] levels, long[] perTemplate) {
        Map<Level, Long> levelCounts = new EnumMap<>(Level.class);
        for (Level level : Catalog.LEVELS) {
            levelCounts.put(level, levels[level.ordinal()]);
        }
        Map<String, Long> templates = new TreeMap<>();
        List<MessageTemplate> all = catalog.templates();
        for (int i = 0; i < perTemplate.length; i++) {
            if (perTemplate[i] > 0 && all.get(i).level().isWarnOrAbove()) {
                templates.merge(all.get(i).text(), perTemplate[i], Long::sum);
            }
        }
        return new DayTruth(plan.day(), levelCounts, templates);
    }
}
