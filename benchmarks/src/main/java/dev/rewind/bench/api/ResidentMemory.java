package dev.rewind.bench.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples a process's resident set (VmRSS in /proc/PID/status) on a daemon thread and keeps the
 * peak: what the operating system charges the process, heap and everything off-heap alike.
 */
final class ResidentMemory implements AutoCloseable {
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
