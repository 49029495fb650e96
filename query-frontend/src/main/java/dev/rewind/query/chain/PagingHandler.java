package dev.rewind.query.chain;

import dev.rewind.query.Answer;
import dev.rewind.query.BadRequestException;
import dev.rewind.query.QueryRequest;
import dev.rewind.query.Result;
import dev.rewind.query.Row;
import dev.rewind.query.SortOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pages records answers with a signed cursor. It asks the next layer for a window of rows larger
 * than a page (cached there as a whole), serves pages from it, and past its end resumes with a
 * keyset query narrowed at the cursor's (timestamp, id): same order, no repeats, no gaps, and no
 * re-scan while the window is cached. Aggregate answers pass through.
 */
public final class PagingHandler implements QueryHandler {
    private final QueryHandler next;
    private final CursorCodec cursors;

    public PagingHandler(QueryHandler next, CursorCodec cursors) {
        this.next = next;
        this.cursors = cursors;
    }

    /** Rows computed (and cached) per window: a few pages ahead, at most 10,000. */
    static int window(int pageSize) {
        return Math.min(QueryRequest.MAX_PAGE_SIZE, Math.max(1000, pageSize * 5));
    }

    @Override
    public Answer handle(Query query) throws Exception {
        QueryRequest request = query.request();
        if (request.aggregation().isPresent()) {
            return next.handle(query.withRequest(request.withPage(request.pageSize(), null)));
        }
        String fingerprint = Fingerprint.of(request, query.routed().catalog().version());
        Cursor after = null;
        if (request.cursor() != null) {
            after = cursors.decode(request.cursor());
            if (!after.fingerprint().equals(fingerprint)) {
                throw new BadRequestException("cursor", "belongs to a different query, or the archives changed since; "
                        + "start again without a cursor");
            }
        }
        Comparator<Key> order = request.order() == SortOrder.ASC ? Key.ASC : Key.ASC.reversed();
        int size = window(request.pageSize());
        Answer window = next.handle(query.withRequest(request.withPage(size, null)));
        Result.Records records = window.records();
        List<Row> rows = records.rows();
        boolean windowHasMore = records.hasMore();
        int from = after == null ? 0 : firstAfter(rows, Key.of(after), order);
        if (after != null && windowHasMore && rows.size() - from <= request.pageSize()) {
            // Past the cached window: resume right after the cursor with a narrowed range.
            QueryRequest rest = request.order() == SortOrder.ASC
                    ? request.withRange(after.timestamp(), request.end()) : request.withRange(request.start(), after.timestamp());
            window = next.handle(query.withRequest(rest.withPage(size, null)));
            records = window.records();
            rows = records.rows();
            windowHasMore = records.hasMore();
            from = firstAfter(rows, Key.of(after), order);
        }
        int to = Math.min(rows.size(), from + request.pageSize());
        List<Row> page = new ArrayList<>(rows.subList(from, to));
        boolean hasMore = to < rows.size() || windowHasMore;
        String nextCursor = hasMore && !page.isEmpty()
                ? cursors.encode(new Cursor(fingerprint, page.get(page.size() - 1).timestamp(), page.get(page.size() - 1).id()))
                : null;
        return window.withResult(new Result.Records(page, hasMore, nextCursor, records.total(), records.totalExact()));
    }

    private static int firstAfter(List<Row> rows, Key cursor, Comparator<Key> order) {
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

        static Key of(Row row) {
            return new Key(row.timestamp(), row.id());
        }

        static Key of(Cursor cursor) {
            return new Key(cursor.timestamp(), cursor.id());
        }
    }
}
