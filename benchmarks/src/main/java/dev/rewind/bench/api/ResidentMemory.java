package dev.rewind.bench.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples a process's resident set (VmRSS in /proc/PID/status) on a daemon thread and keeps the
 * peak: what the operating system charges the process, heap and everything off-heap alike.
 */
public final class ResidentMemory implements AutoCloseable {
    private final Path status;
    private final Thread sampler;
    private volatile long peakKb;
    private volatile long lastKb;
    private volatile boolean running = true;

    ResidentMemory(long pid, long everyMillis) {
        this.status = Path.of("/proc", Long.toString(pid), "status");
        this.sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(everyMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /**
     * A process's resident set now and its peak so far as the kernel kept it (VmHWM), in KiB, or
     * empty when the process has gone.
     */
    public record Resident(long rssKb, long peakKb) {
        public double rssMb() {
            return rssKb * 1024 / 1e6;
        }

        public double peakMb() {
            return peakKb * 1024 / 1e6;
        }
    }

    public static java.util.Optional<Resident> read(long pid) {
        long rss = -1;
        long hwm = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty(); // the process has gone (or this is not Linux)
        }
        return rss < 0 ? java.util.Optional.empty() : java.util.Optional.of(new Resident(rss, Math.max(hwm, rss)));
    }

    private void sample() {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    lastKb = kb;
                    peakKb = Math.max(peakKb, kb);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has gone; keep the last figures
        }
    }

    /** Starts a new peak from now. */
    void resetPeak() {
        sample();
        peakKb = lastKb;
    }

    /** MB = 10^6 bytes, as every other table here. */
    double peakMb() {
        return peakKb * 1024 / 1e6;
    }

    double currentMb() {
        sample();
        return lastKb * 1024 / 1e6;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
