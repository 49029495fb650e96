package dev.rewind.job.results;

import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.connectors.storage.StoragePath;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The rows of many result files as one stream in the query's order: a k-way merge of their sorted
 * runs, each row once (the same line reached twice has the same time and id, so its copies meet
 * in the merge, side by side). Streaming: it holds one row and one decoder per open file, and
 * opens a file only when the merge reaches its first row (files of distant times wait), so a
 * merge that stops after a page never opens most of them. Not thread-safe.
 */
public final class ResultMerge implements Closeable {
    private final Comparator<ResultFile.RowKey> order;
    private final Deque<ResultFile> unopened;
    private final PriorityQueue<Head> heads;
    private final List<ResultFiles.Reader> open = new ArrayList<>();
    private ResultFile.RowKey last;
    private long duplicates;
    private int opened;

    private record Head(ResultRow row, ResultFiles.Reader reader) {
    }

    public ResultMerge(List<ResultFile> files, ScanOrder order) {
        this.order = order == ScanOrder.ASC ? ResultFile.RowKey.ASC : ResultFile.RowKey.ASC.reversed();
        List<ResultFile> sorted = new ArrayList<>();
        for (ResultFile f : files) {
            if (f.rows() > 0) {
                sorted.add(f);
            }
        }
        sorted.sort(Comparator.comparing(ResultFile::first, this.order));
        this.unopened = new ArrayDeque<>(sorted);
        this.heads = new PriorityQueue<>(Comparator.comparing((Head h) -> h.row().key(), this.order));
    }

    /** The next row in order, or null when every file is read. */
    public ResultRow next() throws IOException {
        while (true) {
            // Open the files that may hold the next row: those starting no later than the best head.
            while (!unopened.isEmpty() && (heads.isEmpty()
                    || order.compare(unopened.peekFirst().first(), heads.peek().row().key()) <= 0)) {
                ResultFile file = unopened.pollFirst();
                ResultFiles.Reader reader = ResultFiles.open(StoragePath.of(file.path()));
                open.add(reader);
                opened++;
                advance(reader);
            }
            Head head = heads.poll();
            if (head == null) {
                return null;
            }
            advance(head.reader());
            ResultFile.RowKey key = head.row().key();
            if (key.equals(last)) {
                duplicates++;
                continue;
            }
            last = key;
            return head.row();
        }
    }

    private void advance(ResultFiles.Reader reader) throws IOException {
        ResultRow row = reader.next();
        if (row != null) {
            heads.add(new Head(row, reader));
        } else {
            reader.close();
            open.remove(reader);
        }
    }

    /** Copies of a row met and dropped so far. */
    public long duplicates() {
        return duplicates;
    }

    /** Files opened so far (the rest were not needed yet). */
    public int filesOpened() {
        return opened;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (ResultFiles.Reader r : open) {
            try {
                r.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
