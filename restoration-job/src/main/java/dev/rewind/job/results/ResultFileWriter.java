package dev.rewind.job.results;

import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.connectors.source.reader.ScanOutput;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.job.query.JobOutput;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The result sink of a records query, chained to each archive reader: it keeps the rows it is
 * given (encoded, a few MiB at most), and writes them as one file sorted in the query's order when
 * a split ends, when they pass {@code runBytes}, and when the input ends; then it sends on the
 * file's manifest ({@link ResultFile}) instead of the rows, followed by the split's end marker. A
 * split's rows are thus in files before the client hears the split is done; the rows themselves
 * never travel through the job's result channel (on a cluster, the JobManager).
 *
 * <p>Rows of one split arrive together (a reader reads one split at a time), so a file usually
 * holds one split; a split whose matches pass {@code runBytes} makes several files, each sorted:
 * the pager merges any number of sorted runs.
 */
public final class ResultFileWriter extends AbstractStreamOperator<JobOutput>
        implements OneInputStreamOperator<ScanOutput, JobOutput>, BoundedOneInput {
    /** Per-entry memory beyond the encoded bytes (the entry, its key, the list slot). */
    private static final int ENTRY_OVERHEAD = 96;

    private final String folder;
    private final String prefix;
    private final ScanOrder order;
    private final long runBytes;
    private transient List<Entry> rows;
    private transient long buffered;
    private transient int runs;
    private transient DataOutputSerializer encoder;

    private record Entry(ResultFile.RowKey key, byte[] bytes) {
    }

    /**
     * @param folder   this query's folder in the result store (a local path or a URI)
     * @param prefix   names this writer's files apart from another's in the same job (archive, live)
     * @param runBytes encoded rows held before they are written as a file
     */
    public ResultFileWriter(StoragePath folder, String prefix, ScanOrder order, long runBytes) {
        if (runBytes < 1) {
            throw new IllegalArgumentException("result run bytes must be positive, was " + runBytes);
        }
        this.folder = folder.location();
        this.prefix = prefix;
        this.order = order;
        this.runBytes = runBytes;
    }

    @Override
    public void open() throws Exception {
        super.open();
        rows = new ArrayList<>();
        encoder = new DataOutputSerializer(4096);
    }

    @Override
    public void processElement(StreamRecord<ScanOutput> element) throws Exception {
        ScanOutput out = element.getValue();
        if (out.isRow()) {
            encoder.clear();
            ResultRowCodec.write(encoder, out.record(), out.origin());
            byte[] bytes = encoder.getCopyOfBuffer();
            rows.add(new Entry(new ResultFile.RowKey(out.record().timestamp(), out.record().id()), bytes));
            buffered += bytes.length + ENTRY_OVERHEAD;
            if (buffered >= runBytes) {
                flush();
            }
            return;
        }
        flush();
        output.collect(new StreamRecord<>(JobOutput.of(out)));
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    private void flush() throws java.io.IOException {
        if (rows.isEmpty()) {
            return;
        }
        Comparator<Entry> asc = Comparator.comparing(Entry::key, ResultFile.RowKey.ASC);
        rows.sort(order == ScanOrder.ASC ? asc : asc.reversed());
        var task = getRuntimeContext().getTaskInfo();
        StoragePath file = StoragePath.of(folder).resolve(String.format("%s-%d-%d-%d.rrs",
                prefix, task.getIndexOfThisSubtask(), task.getAttemptNumber(), runs++));
        long length = ResultFiles.write(file, rows.stream().map(Entry::bytes).toList());
        ResultFile manifest = new ResultFile(file.location(), rows.size(), length, rows.get(0).key(),
                rows.get(rows.size() - 1).key());
        rows.clear();
        buffered = 0;
        output.collect(new StreamRecord<>(JobOutput.of(manifest)));
    }
}
