package dev.rewind.cli;

import dev.rewind.job.live.LiveProducer;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The demo's live log stream: today's lines from the sample generator, each sent to Kafka when
 * its timestamp passes (the ones already past at start go at once), so the live topic holds what
 * a running system would have written so far today. Counts what it has sent, in all and per hour
 * of the lines' time, which is what a count query over that hour must answer (the demo's check
 * that archived and live data meet with no gap and no duplicate). Runs until interrupted;
 * the counts are thread-safe.
 */
final class LiveDemoFeed implements Runnable {
    /** Hours of counts kept for {@code /api/stats}. */
    private static final int HOURS_KEPT = 48;

    private final LiveProducer producer;
    private final String topic;
    private final LongAdder produced = new LongAdder();
    private final Map<Long, LongAdder> perHour = new ConcurrentHashMap<>();

    LiveDemoFeed(LiveProducer producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public void run() {
        try {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            ByteArrayOutputStream day = new ByteArrayOutputStream();
            new SampleGenerator(new SampleSpec(today, 1, 20_000, 7, SampleSpec.defaults().codecs())).writeDay(today, day);
            List<String> lines = day.toString(StandardCharsets.UTF_8).lines().toList();
            for (String line : lines) {
                Instant ts = Instant.parse(line.substring(14, line.indexOf('"', 14)));
                long wait = ts.toEpochMilli() - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                producer.send(topic, ts, line);
                perHour.computeIfAbsent(ts.truncatedTo(ChronoUnit.HOURS).getEpochSecond(), h -> new LongAdder()).increment();
                produced.increment();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | java.io.IOException e) {
            System.err.println("rewind: live feed stopped: " + e.getMessage());
        }
    }

    /** Lines sent so far. */
    long produced() {
        return produced.sum();
    }

    /** Lines sent so far per hour of their timestamps (the last {@value #HOURS_KEPT} hours), by the hour's start. */
    Map<String, Long> producedPerHour() {
        long oldest = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(HOURS_KEPT, ChronoUnit.HOURS).getEpochSecond();
        perHour.keySet().removeIf(h -> h < oldest);
        Map<String, Long> view = new TreeMap<>();
        perHour.forEach((hour, count) -> view.put(Instant.ofEpochSecond(hour).toString(), count.sum()));
        return view;
    }
}
