package dev.rewind.query.handler;

import dev.rewind.api.BadRequestException;
import dev.rewind.api.QueryAnswer;
import dev.rewind.api.QueryRequest;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pages records answers with an opaque cursor. It asks the next layer for a window of rows larger
 * than a page (cached there as a whole), serves pages from it, and past its end resumes with a
 * keyset query narrowed at the cursor's (timestamp, id): same order, no repeats, no gaps, and no
 * re-scan while the window is cached. Aggregate answers pass through.
 */
public final class PagingHandler implements QueryHandler {
    private final QueryHandler next;
    private final CatalogHolder catalog;

    public PagingHandler(QueryHandler next, CatalogHolder catalog) {
        this.next = next;
        this.catalog = catalog;
    }

    /** Rows computed (and cached) per window: a few pages ahead, at most 10,000. */
    static int window(int pageSize) {
        return Math.min(QueryRequest.MAX_PAGE_SIZE, Math.max(1000, pageSize * 5));
    }

    @Override
    public QueryAnswer handle(QueryRequest request, QueryListener listener) throws Exception {
        if (request.aggregation().isPresent()) {
            return next.handle(request.withPage(request.pageSize(), null), listener);
        }
        String fingerprint = Fingerprint.of(request, catalog.snapshot().version());
        Cursor after = null;
        if (request.cursor() != null) {
            after = Cursor.decode(request.cursor());
            if (!after.fingerprint().equals(fingerprint)) {
                throw new BadRequestException("cursor", "belongs to a different query, or the archives changed since; "
                        + "start again without a cursor");
            }
        }
        Comparator<Key> order = request.order() == ScanOrder.ASC ? Key.ASC : Key.ASC.reversed();
        int size = window(request.pageSize());
        QueryAnswer window = next.handle(request.withPage(size, null), listener);
        List<QueryAnswer.ResultRow> rows = window.results();
        boolean windowHasMore = window.page().hasMore();
        int from = after == null ? 0 : firstAfter(rows, Key.of(after), order);
        if (after != null && windowHasMore && rows.size() - from <= request.pageSize()) {
            // Past the cached window: resume right after the cursor with a narrowed range.
            QueryRequest rest = request.order() == ScanOrder.ASC
                    ? request.withRange(after.timestamp(), request.end()) : request.withRange(request.start(), after.timestamp());
            window = next.handle(rest.withPage(size, null), listener);
            rows = window.results();
            windowHasMore = window.page().hasMore();
            from = firstAfter(rows, Key.of(after), order);
        }
        int to = Math.min(rows.size(), from + request.pageSize());
        List<QueryAnswer.ResultRow> page = new ArrayList<>(rows.subList(from, to));
        boolean hasMore = to < rows.size() || windowHasMore;
        String nextCursor = hasMore && !page.isEmpty()
                ? new Cursor(fingerprint, Instant.parse(page.get(page.size() - 1).timestamp()), page.get(page.size() - 1).id()).encode()
                : null;
        return new QueryAnswer(window.queryId(), page, new QueryAnswer.Page(page.size(), nextCursor, hasMore),
                window.total(), null, window.plan(), window.stats(), window.warnings());
    }

    private static int firstAfter(List<QueryAnswer.ResultRow> rows, Key cursor, Comparator<Key> order) {
        int lo = 0;
        int hi = rows.size();
        while (lo < hi) { // rows are sorted in `order`: find the first strictly after the cursor
            int mid = (lo + hi) >>> 1;
            if (order.compare(Key.of(rows.get(mid)), cursor) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A row's place in the order: timestamp, then id (ties are broken the same way everywhere). */
    private record Key(Instant timestamp, String id) {
        static final Comparator<Key> ASC = Comparator.comparing(Key::timestamp).thenComparing(Key::id);

        static Key of(QueryAnswer.ResultRow row) {
            return new Key(Instant.parse(row.timestamp()), row.id());
        }

        static Key of(Cursor cursor) {
            return new Key(cursor.timestamp(), cursor.id());
        }
    }
}
