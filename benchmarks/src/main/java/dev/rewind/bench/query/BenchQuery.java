package dev.rewind.bench.query;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * One question asked of all three tools, each in its own language: Rewind's {@code POST /api/query}
 * body, a shell pipeline over the zstd files, a DuckDB SQL statement over the same files.
 *
 * @param rewindBody the JSON body, exactly as a client would send it
 * @param expected   what the answer must be whoever gives it, from the generator's ground truth,
 *                   when that is known
 */
record BenchQuery(String name, String rewindBody, ShellPipeline shell, String duckDbSql, AnswerKind kind, Target target,
                  Optional<Expectation> expected) {

    /** A check of an answer against something no tool computed. */
    record Expectation(String description, Predicate<Answer> holds) {
    }
}
