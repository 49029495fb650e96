package dev.rewind.bench.soak;

import dev.rewind.bench.harness.Latencies;
import java.util.ArrayList;
import java.util.List;

/**
 * What one kind of request met during the soak: every latency (nearest-rank percentiles over all
 * of them), answers by status, connection failures, inexact answers, failed checks. Thread-safe.
 */
final class KindTally {
    private final String label;
    private final List<Double> millis = new ArrayList<>();
    private long ok;
    private long badRequest;
    private long tooMany;
    private long serverError;
    private long otherStatus;
    private long noAnswer;
    private long inexact;
    private long inexactSettled;
    private long checkFailures;
    private long cursorsRefused;
    private long lowerBounds;

    KindTally(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    synchronized void answered(int status, double ms) {
        millis.add(ms);
        if (status / 100 == 2) {
            ok++;
        } else if (status == 400) {
            badRequest++;
        } else if (status == 429) {
            tooMany++;
        } else if (status >= 500) {
            serverError++;
        } else {
            otherStatus++;
        }
    }

    synchronized void noAnswer() {
        noAnswer++;
    }

    synchronized void inexact(boolean settled) {
        inexact++;
        if (settled) {
            inexactSettled++;
        }
    }

    synchronized void checkFailed() {
        checkFailures++;
    }

    /** A page whose total is marked inexact without a warning: a lower bound, the page itself complete. */
    synchronized void lowerBound() {
        lowerBounds++;
    }

    /** A 400 for a cursor after the archives changed: the documented answer, not an error. */
    synchronized void cursorRefused() {
        cursorsRefused++;
    }

    /** A consistent copy of the counts. */
    synchronized View view() {
        double[] all = millis.stream().mapToDouble(Double::doubleValue).toArray();
        return new View(label, all.length == 0 ? null : new Latencies(all), ok, badRequest, tooMany, serverError, otherStatus,
                noAnswer, inexact, inexactSettled, checkFailures, cursorsRefused, lowerBounds);
    }

    /** @param latencies null when nothing was answered */
    record View(String label, Latencies latencies, long ok, long badRequest, long tooMany, long serverError,
                long otherStatus, long noAnswer, long inexact, long inexactSettled, long checkFailures,
                long cursorsRefused, long lowerBounds) {
        long requests() {
            return ok + badRequest + tooMany + serverError + otherStatus + noAnswer;
        }
    }
}
