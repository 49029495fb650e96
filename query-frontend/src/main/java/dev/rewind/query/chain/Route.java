package dev.rewind.query.chain;

import dev.rewind.catalog.Catalog;
import dev.rewind.job.query.LiveInput;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one decision of where a query's data lives, made once by {@link RouteHandler}: the catalog
 * snapshot every layer below uses, whether archives are read, the live topic past the watermark
 * (when the range reaches it and the broker answers), and what is known to be missing.
 *
 * @param missing  what the answer cannot include, known before it runs: archives not indexed yet,
 *                 damaged or unreadable archives of the range, an unreachable live topic
 * @param complete false when {@code missing} means lines of the range are not in the answer
 * @param pending  archives of the range not indexed yet
 */
public record Route(Catalog catalog, boolean readsArchives, Optional<LiveInput> live, List<String> missing,
                    boolean complete, int pending) {

    public Route {
        missing = List.copyOf(missing);
    }

    public Instant watermark() {
        return catalog.watermark();
    }

    public boolean readsLive() {
        return live.isPresent();
    }
}
