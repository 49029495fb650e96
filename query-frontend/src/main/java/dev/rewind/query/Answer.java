package dev.rewind.query;

import java.util.List;

/**
 * A query's answer inside Rewind: the result, the plan that produced it, what it cost, and what
 * the person asking must know. Only the HTTP controllers and the command line's printer turn it
 * into JSON or text. Immutable.
 *
 * @param complete false when data the range asks for could not be read (archives not indexed in
 *                 time, damaged, gone, an unreachable live topic, a query cut short): the result
 *                 holds what was read, {@code warnings} say what is missing, and no cache keeps
 *                 it as complete
 * @param warnings each once, in the order found
 */
public record Answer(String queryId, Result result, Plan plan, AnswerStats stats, List<String> warnings,
                     boolean complete) {

    public Answer {
        warnings = List.copyOf(new java.util.LinkedHashSet<>(warnings));
    }

    public Answer withResult(Result newResult) {
        return new Answer(queryId, newResult, plan, stats, warnings, complete);
    }

    public Answer withStats(AnswerStats newStats) {
        return new Answer(queryId, result, plan, newStats, warnings, complete);
    }

    public Answer withQueryId(String id) {
        return new Answer(id, result, plan, stats, warnings, complete);
    }

    /** The records of a records answer. */
    public Result.Records records() {
        if (result instanceof Result.Records r) {
            return r;
        }
        throw new IllegalStateException("not a records answer: " + result.getClass().getSimpleName());
    }

    /** The same answer, also missing what {@code more} says (warnings added, completeness lowered). */
    public Answer alsoMissing(List<String> more, boolean stillComplete) {
        java.util.List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new Answer(queryId, result, plan, stats, all, complete && stillComplete);
    }
}
