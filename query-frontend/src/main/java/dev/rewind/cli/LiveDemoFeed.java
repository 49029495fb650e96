package dev.rewind.cli;

import dev.rewind.job.live.LiveProducer;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The demo's live log stream: today's lines from the sample generator, each sent to Kafka when
 * its timestamp passes (the ones already past at start go at once), so the live topic holds what
 * a running system would have written so far today. Runs until interrupted.
 */
final class LiveDemoFeed implements Runnable {
    private final LiveProducer producer;
    private final String topic;

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
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | java.io.IOException e) {
            System.err.println("rewind: live feed stopped: " + e.getMessage());
        }
    }
}
