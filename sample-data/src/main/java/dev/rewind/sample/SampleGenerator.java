package dev.rewind.sample;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.write.ArchiveWriter;
import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.record.LineFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Writes realistic sample logs: seven services of a web shop on two to four hosts each, a weekly
 * and daily traffic curve, DEBUG to FATAL messages from templates with variable parts, and four
 * to six incident days, each a storm of ERROR lines with a template no other day has. Used by
 * {@code rewind sample}, the demo, the benchmarks and tests, which check what Rewind computes
 * against the {@link GroundTruth} the generator counted.
 *
 * <p>Deterministic: the same spec gives byte-identical archives. A day's lines depend only on the
 * spec's seed and settings and on the day, never on threads or on the other days written. Memory
 * stays small whatever the spec: one line and one hour's timestamps per day being written, plus the
 * archive writer's frame buffer. Instances are immutable and thread-safe.
 */
public final class SampleGenerator {
    public static final String GROUND_TRUTH_FILE = "ground-truth.json";
    /** The machines this runs on have two cores; the compressor and the indexer keep each thread busy. */
    private static final int MAX_THREADS = 2;

    private final SampleSpec spec;
    private final Catalog catalog = Catalog.STANDARD;
    private final List<Incident> incidents;
    private final Map<LocalDate, Incident> incidentByDay = new HashMap<>();

    public SampleGenerator(SampleSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must be set");
        }
        this.spec = spec;
        this.incidents = List.copyOf(IncidentPlanner.plan(spec, catalog));
        for (Incident incident : incidents) {
            incidentByDay.put(incident.day(), incident);
        }
    }

    public SampleSpec spec() {
        return spec;
    }

    /** The incident days of this spec, in day order; the same as {@link GroundTruth#incidents()}. */
    public List<Incident> incidents() {
        return incidents;
    }

    /**
     * Streams one day's NDJSON lines (each ending in {@code '\n'}), in time order, to {@code out},
     * which is flushed but not closed. Any day may be written, also one outside the spec's range;
     * a day inside it gets its incident, if it has one.
     *
     * @return what the day holds
     */
    public DayTruth writeDay(LocalDate day, OutputStream out) throws IOException {
        BufferedOutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
        DayTruth truth = writeDay(day, (line, length) -> buffered.write(line, 0, length));
        buffered.flush();
        return truth;
    }

    private DayTruth writeDay(LocalDate day, LineSink sink) throws IOException {
        DayPlan plan = DayPlan.of(spec, day, incidentByDay.get(day), catalog);
        return new DayWriter(catalog).write(plan, spec.seed(), sink);
    }

    /** {@code dir/dt=YYYY-MM-DD/app-YYYY-MM-DD.ndjson.<ext>}: the day's archive. */
    public static Path archivePath(Path dir, LocalDate day, Codec codec) {
        return dir.resolve("dt=" + day).resolve("app-" + day + ".ndjson." + codec.extension());
    }

    /**
     * Writes every day of the spec as a framed archive with its sidecar (see
     * {@link #archivePath}), then {@code outDir/ground-truth.json}. Days are generated on up to two
     * threads; existing files of the same names are replaced.
     *
     * @param daysDone told the number of days finished so far, after each day, on the calling
     *                 thread; may be null
     * @throws IOException naming the day whose archive could not be written; the archives
     *                     already finished stay, the failed one is removed
     */
    public GroundTruth generate(Path outDir, IntConsumer daysDone) throws IOException {
        IntConsumer progress = daysDone == null ? n -> { } : daysDone;
        int days = spec.days();
        int threads = Math.max(1, Math.min(MAX_THREADS, Math.min(days, Runtime.getRuntime().availableProcessors())));
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "rewind-sample-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            ExecutorCompletionService<DayTruth> completion = new ExecutorCompletionService<>(pool);
            List<Future<DayTruth>> futures = new ArrayList<>(days);
            for (int i = 0; i < days; i++) {
                int index = i;
                futures.add(completion.submit(() -> writeArchive(outDir, index)));
            }
            DayTruth[] truths = new DayTruth[days];
            for (int done = 1; done <= days; done++) {
                DayTruth truth = take(completion);
                truths[(int) (truth.day().toEpochDay() - spec.start().toEpochDay())] = truth;
                progress.accept(done);
            }
            GroundTruth groundTruth = new GroundTruth(spec, List.of(truths), incidents);
            groundTruth.write(outDir.resolve(GROUND_TRUTH_FILE));
            return groundTruth;
        } finally {
            pool.shutdownNow();
        }
    }

    private static DayTruth take(ExecutorCompletionService<DayTruth> completion) throws IOException {
        try {
            return completion.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating sample archives", e);
        } catch (CancellationException e) {
            throw new IOException("sample generation was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    private DayTruth writeArchive(Path outDir, int dayIndex) throws IOException {
        LocalDate day = spec.start().plusDays(dayIndex);
        Codec codec = spec.codecs().codecFor(dayIndex);
        Path archive = archivePath(outDir, day, codec);
        ArchiveWriter writer = ArchiveWriter.builder().codec(codec).format(LineFormat.ndjson()).pathDate(day)
                .open(archive);
        try {
            DayTruth truth = writeDay(day, (line, length) -> writer.writeLine(line, 0, length));
            writer.finish();
            return truth;
        } catch (IOException | RuntimeException e) {
            try {
                writer.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            // A half-written day under its final name would look like a complete archive to the catalog.
            Files.deleteIfExists(archive);
            Files.deleteIfExists(ArchiveFiles.sidecarBeside(archive));
            throw new IOException("cannot write sample archive " + archive + " for " + day + ": " + e.getMessage(), e);
        }
    }
}
