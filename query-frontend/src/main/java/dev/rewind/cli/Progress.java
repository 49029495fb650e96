package dev.rewind.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr for long work (me.tongfei:progressbar), shown only when stderr is a
 * terminal, so scripts and CI logs get no redraw noise. Not thread-safe.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** @param unit e.g. " MiB" with {@code unitSize} 1 MiB, or "" with 1 for counts */
    static Progress start(String task, long max, String unit, long unitSize) {
        if (System.console() == null) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).setUnit(unit, unitSize).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build());
    }

    void stepTo(long value) {
        if (bar != null) {
            bar.stepTo(value);
        }
    }

    void max(long max) {
        if (bar != null) {
            bar.maxHint(max);
        }
    }

    void stepBy(long delta) {
        if (bar != null) {
            bar.stepBy(delta);
        }
    }

    void extra(String message) {
        if (bar != null) {
            bar.setExtraMessage(message);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
