package dev.rewind.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an action to warm up (JIT, page cache, native libraries), then {@code runs} more
 * times, timing each by wall clock. A garbage collection is requested before every run so one
 * run's garbage is not collected on the next run's clock. Single-threaded; not a JMH: the actions
 * measured here take seconds each, so a warm-up and a median are enough.
 */
public final class Harness {
    /** Something to time; may throw whatever it throws. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private final int runs;
    private final int warmups;

    /** @param runs measured runs after the warm-up, at least 1 */
    public Harness(int runs) {
        this(runs, 1);
    }

    /**
     * @param warmups unmeasured runs first, at least 1: a JVM keeps compiling a new code path for
     *                several seconds of use (the query benchmark measured its CPU per run falling
     *                for four runs), so one run does not make a long-running server's steady state
     */
    public Harness(int runs, int warmups) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, was " + runs);
        }
        if (warmups < 1) {
            throw new IllegalArgumentException("warm-ups must be at least 1, was " + warmups);
        }
        this.runs = runs;
        this.warmups = warmups;
    }

    public int warmups() {
        return warmups;
    }

    public int runs() {
        return runs;
    }

    /**
     * Times several actions that answer the same question (the same query on different tools):
     * each warms up once, then the runs go round-robin, one of each in turn, so a burst of load
     * from another process on a shared machine falls on all of them alike rather than on
     * whichever happened to be measured at the time.
     *
     * @return one timing per action, in the order given
     */
    public List<Timing> interleave(List<Action> actions) throws Exception {
        return interleave(actions, actions.stream().map(a -> (Action) () -> { }).toList());
    }

    /**
     * The same, with {@code before.get(i)} run untimed before every run of {@code actions.get(i)}
     * (emptying a cache, say, so that is not on the clock).
     */
    public List<Timing> interleave(List<Action> actions, List<Action> before) throws Exception {
        return turns(actions, before, false);
    }

    /**
     * Like {@link #interleave(List, List)}, but each measured round starts one action later than the
     * one before (a, b, c; then b, c, a; ...), so no action always runs right after the same other
     * one: two engines in one process each run warmer right after their own previous run. The
     * warm-ups keep the given order.
     */
    public List<Timing> rotate(List<Action> actions, List<Action> before) throws Exception {
        return turns(actions, before, true);
    }

    private List<Timing> turns(List<Action> actions, List<Action> before, boolean rotate) throws Exception {
        if (before.size() != actions.size()) {
            throw new IllegalArgumentException(actions.size() + " actions but " + before.size() + " preparations");
        }
        for (int w = 0; w < warmups; w++) {
            for (int a = 0; a < actions.size(); a++) {
                before.get(a).run();
                System.gc();
                actions.get(a).run();
            }
        }
        List<List<Duration>> times = new ArrayList<>();
        actions.forEach(a -> times.add(new ArrayList<>(runs)));
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < actions.size(); k++) {
                int a = rotate ? (i + k) % actions.size() : k;
                before.get(a).run();
                System.gc();
                long start = System.nanoTime();
                actions.get(a).run();
                times.get(a).add(Duration.ofNanos(System.nanoTime() - start));
            }
        }
        return times.stream().map(Timing::new).toList();
    }

    public Timing measure(Action action) throws Exception {
        for (int w = 0; w < warmups; w++) {
            System.gc();
            action.run();
        }
        List<Duration> times = new ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
            System.gc();
            long start = System.nanoTime();
            action.run();
            times.add(Duration.ofNanos(System.nanoTime() - start));
        }
        return new Timing(times);
    }
}
