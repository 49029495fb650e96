package dev.rewind.query.chain;

import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.job.archiver.ArchiveManifest;
import dev.rewind.job.live.LiveTopicEdge;
import dev.rewind.job.query.LiveInput;
import dev.rewind.query.Answer;
import dev.rewind.query.QueryLimits;
import dev.rewind.query.QueryRequest;
import dev.rewind.query.Sources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides once where a query's data lives, and says what cannot be in its answer. Archives answer
 * {@code [start, W]} (W, the archive watermark, is the newest archived time) and the live topic
 * {@code (W, end]}, read only when the range reaches past W and past the oldest record the topic
 * still holds (one probe of the broker, cached for seconds). Where the streaming archiver writes
 * the topic into a root, the cut is its manifest's offsets instead (see {@link LiveInput}), read
 * when the range reaches past the newest time every partition is archived to. Archives of the range not indexed yet
 * are indexed first, for a little while; those still pending then, and damaged or unreadable ones,
 * become warnings and an answer marked incomplete. The warnings are added here, on the way out,
 * so a cached answer gets the same ones as a computed one.
 */
public final class RouteHandler implements QueryHandler {
    private final QueryHandler next;
    private final CatalogHolder catalog;
    private final Optional<LiveConfig> live;
    private final Optional<LiveTopicEdge> edge;
    private final QueryLimits limits;

    public RouteHandler(QueryHandler next, CatalogHolder catalog, Optional<LiveConfig> live, QueryLimits limits) {
        this.next = next;
        this.catalog = catalog;
        this.live = live;
        this.edge = live.map(l -> new LiveTopicEdge(l.bootstrapServers(), l.topic(), Duration.ofSeconds(5)));
        this.limits = limits;
    }

    @Override
    public Answer handle(Query query) throws Exception {
        Route route = route(query);
        Answer answer = next.handle(query.withRoute(route));
        return answer.alsoMissing(route.missing(), route.complete());
    }

    Route route(Query query) throws InterruptedException {
        QueryRequest r = query.request();
        boolean archives = r.sources() != Sources.LIVE;
        List<String> missing = new ArrayList<>();
        boolean complete = true;
        int pending = 0;
        Catalog snapshot = catalog.snapshot();
        if (archives) {
            Duration wait = limits.indexWait().compareTo(query.context().remaining()) < 0
                    ? limits.indexWait() : query.context().remaining();
            snapshot = catalog.awaitIndexed(r.start(), r.end(), wait);
            pending = snapshot.pendingIn(r.start(), r.end()).size();
            if (pending > 0) {
                complete = false;
                missing.add(pending + (pending == 1 ? " archive" : " archives") + " that may hold lines of this range "
                        + (pending == 1 ? "is" : "are") + " still being indexed; "
                        + "their lines are not in this answer yet (ask again shortly)");
            }
            List<String> problems = snapshot.problemsIn(r.start(), r.end());
            if (!problems.isEmpty()) {
                complete = false;
                missing.addAll(problems);
            }
            for (String problem : catalog.rootProblems()) {
                complete = false;
                missing.add(problem);
            }
        }
        Optional<LiveInput> liveInput = Optional.empty();
        if (r.sources() != Sources.ARCHIVE && live.isPresent()) {
            LiveConfig cfg = live.get();
            Instant from = r.sources() == Sources.LIVE ? r.start().minusNanos(1) : snapshot.watermark();
            // Where Rewind's archiver archives this topic, its manifest is the cut: the snapshot's
            // archives are exactly those its offsets cover, and the topic is read from those offsets,
            // whatever the lines' times (a late line not archived yet is still live). Each line then
            // comes once, from one side, however the time ranges overlap.
            Optional<ArchiveManifest> archived = r.sources() == Sources.AUTO
                    ? snapshot.archived(cfg.topic()) : Optional.empty();
            if (archived.isPresent()) {
                from = archived.get().watermark().orElse(Instant.MIN); // lines after it may be live only
            }
            if (r.end().isAfter(from)) {
                Optional<Instant> earliest = edge.orElseThrow().earliest();
                if (earliest.isPresent() && earliest.get().equals(Instant.MIN)) {
                    complete = false;
                    missing.add("the live topic '" + cfg.topic() + "' at " + cfg.bootstrapServers() + " did not answer; "
                            + (archived.isPresent() ? "lines not archived yet" : "lines after " + from)
                            + " are not in this answer");
                } else if (earliest.isPresent() && !r.end().isBefore(earliest.get())) {
                    liveInput = Optional.of(archived.isPresent()
                            ? LiveInput.afterArchived(cfg.bootstrapServers(), cfg.topic(), archived.get().nextOffsets(),
                                    r.start(), cfg.format())
                            : new LiveInput(cfg.bootstrapServers(), cfg.topic(), from, cfg.format()));
                }
            }
        }
        return new Route(snapshot, archives, liveInput, missing, complete, pending);
    }
}
