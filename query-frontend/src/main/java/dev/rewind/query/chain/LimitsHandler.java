package dev.rewind.query.chain;

import dev.rewind.query.Answer;
import dev.rewind.query.LimitExceededException;
import dev.rewind.query.QueryLimits;
import java.time.Duration;

/**
 * The first layer: a question beyond the limits never reaches planning. The range is checked here
 * (a year-1000-to-3000 range is refused, not sliced into 730,000 days); the bytes a plan selects
 * are checked by the layers that plan, before their job starts.
 */
public final class LimitsHandler implements QueryHandler {
    private final QueryHandler next;
    private final QueryLimits limits;

    public LimitsHandler(QueryHandler next, QueryLimits limits) {
        this.next = next;
        this.limits = limits;
    }

    @Override
    public Answer handle(Query query) throws Exception {
        Duration range = Duration.between(query.request().start(), query.request().end());
        if (range.compareTo(limits.maxRange()) > 0) {
            throw new LimitExceededException("end_time", "the range is " + describe(range) + " long; the limit is "
                    + describe(limits.maxRange()) + " (max range)");
        }
        return next.handle(query);
    }

    static String describe(Duration d) {
        long days = d.toDays();
        if (days >= 730) {
            return String.format("%,d years", days / 365);
        }
        if (days >= 1) {
            return String.format("%,d days", days);
        }
        return d.toHours() + " hours";
    }
}
