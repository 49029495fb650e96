package dev.rewind.job.archiver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.flink.metrics.Counter;

/**
 * The writing half of the archiver's sink: one archive open at a time, for the newest window seen.
 *
 * <ul>
 *   <li>A line of a newer window closes the open archive and opens one for its window (the roll).</li>
 *   <li>A late line (of a window older than the newest seen) goes into the archive open now, the
 *       next one written, not back into its own window's: the sidecar records its time, so it is
 *       still found by time, and each window's folder stays closed once rolled past.</li>
 *   <li>Every checkpoint closes the open archive ({@link #prepareCommit}): a framed, indexed archive
 *       cannot be left half-written in a checkpoint (its sidecar summarises all of it), so each
 *       checkpoint commits whole archives, and the lines after the checkpoint barrier start a new
 *       one of the same window. The checkpoint interval is therefore how often archives appear; it
 *       defaults to the roll interval (see {@link ArchiverJob}).</li>
 * </ul>
 *
 * <p>Its state is only the newest window, so late lines after a restart still go forward. Lines
 * of one Kafka partition arrive in offset order (the source and this writer are chained), so each
 * archive holds a run of consecutive offsets per partition, which the manifest is built from.
 */
final class ArchivePartWriter implements CommittingSinkWriter<ArchiveLine, ArchivePart>,
        StatefulSinkWriter<ArchiveLine, Long> {
    private final ArchiveLayout layout;
    private final RecoverableWriter files;
    private final int subtask;
    private final int frameSize;
    private final Counter linesIn;
    private final List<ArchivePart> ready = new ArrayList<>();
    /** The start of the newest window seen, epoch millis; Long.MIN_VALUE before any line. */
    private long newestWindow;
    private OpenPart open;

    ArchivePartWriter(ArchiveLayout layout, RecoverableWriter files, int subtask, int frameSize, long newestWindow,
                      Counter linesIn) {
        this.layout = layout;
        this.files = files;
        this.subtask = subtask;
        this.frameSize = frameSize;
        this.newestWindow = newestWindow;
        this.linesIn = linesIn;
    }

    @Override
    public void write(ArchiveLine line, Context context) throws IOException {
        long window = layout.windowOf(line.timeMillis());
        if (window > newestWindow) {
            newestWindow = window;
            if (open != null) {
                ready.add(open.close());
                open = null;
            }
        }
        if (open == null) {
            open = OpenPart.open(layout, files, newestWindow, subtask, frameSize);
        }
        open.write(line);
        linesIn.inc();
    }

    @Override
    public void flush(boolean endOfInput) {
        // archives are closed at the checkpoint (prepareCommit), which also follows the end of input
    }

    @Override
    public Collection<ArchivePart> prepareCommit() throws IOException {
        if (open != null) {
            ready.add(open.close());
            open = null;
        }
        List<ArchivePart> parts = List.copyOf(ready);
        ready.clear();
        return parts;
    }

    @Override
    public List<Long> snapshotState(long checkpointId) {
        return List.of(newestWindow);
    }

    @Override
    public void close() {
        if (open != null) {
            open.abandon();
            open = null;
        }
    }
}
