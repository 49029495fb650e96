package dev.rewind.bench.query;

import java.time.Duration;

/** What Rewind's median should beat on one query; reported as met or missed, never asserted. */
sealed interface Target {

    String describe();

    /** @return null when there is no target */
    Boolean met(Duration rewind, Duration duckDb);

    /** Faster than a fixed time on a warm MiniCluster. */
    record Within(Duration limit) implements Target {
        @Override
        public String describe() {
            return limit.toMillis() % 1000 == 0 ? "< " + limit.toSeconds() + " s" : "< " + limit.toMillis() + " ms";
        }

        @Override
        public Boolean met(Duration rewind, Duration duckDb) {
            return rewind.compareTo(limit) < 0;
        }
    }

    /** No slower than DuckDB reading the same files. */
    record NoSlowerThanDuckDb() implements Target {
        @Override
        public String describe() {
            return "≤ DuckDB";
        }

        @Override
        public Boolean met(Duration rewind, Duration duckDb) {
            return rewind.compareTo(duckDb) <= 0;
        }
    }

    record None() implements Target {
        @Override
        public String describe() {
            return "—";
        }

        @Override
        public Boolean met(Duration rewind, Duration duckDb) {
            return null;
        }
    }
}
