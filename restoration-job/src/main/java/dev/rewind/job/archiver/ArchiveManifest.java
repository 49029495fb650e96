package dev.rewind.job.archiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the archiver publishes in {@code <target>/_rewind/manifest.json}: how far the live topic is
 * archived. It is the contract between the archiver (its committer writes it) and the catalog
 * (which reads it to cut live from archived data). Immutable.
 *
 * <pre>{@code
 * {"format": "rewind-archiver-manifest", "version": 1, "topic": "logs", "sequence": 42,
 *  "committed_at": "2024-06-01T13:30:05.120Z",
 *  "partitions": [{"partition": 0, "next_offset": 18000, "newest": "2024-06-01T13:29:59.870Z"}],
 *  "pending": [], "lines_committed": 18000, "archives_committed": 31, "bytes_committed": 901233}
 * }</pre>
 *
 * <p><b>Offsets.</b> Every line of partition {@code p} before {@code next_offset} is in a committed
 * archive under the target, once; none after it is. That, not a time, is the cut between archived
 * and live data: a late line (older than what is archived already) is still live until its archive
 * is committed, and is then found by time in it.
 *
 * <p><b>Pending.</b> A commit writes the manifest twice: first naming the archives it is about to
 * make visible ({@code pending}, offsets unchanged), then, once they are all in place, with the new
 * offsets and nothing pending. A reader that reads the manifest, lists the archives, and reads the
 * manifest again with the same {@code sequence} has a consistent view when it leaves out the
 * pending archives: every archive it listed is either covered by the offsets or pending, and every
 * archive the offsets cover was in place before the manifest said so. {@code sequence} grows by
 * one at every write.
 *
 * @param partitions per partition the archiver has archived lines of, in partition order
 * @param pending    archives (paths relative to the target) being committed now
 */
public record ArchiveManifest(String topic, long sequence, Instant committedAt, List<PartitionMark> partitions,
                              List<String> pending, long linesCommitted, long archivesCommitted, long bytesCommitted) {
    public static final String FORMAT = "rewind-archiver-manifest";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param nextOffset the first offset not archived
     * @param newest     the newest line time archived from this partition
     */
    public record PartitionMark(int partition, long nextOffset, Instant newest) {
    }

    public ArchiveManifest {
        partitions = List.copyOf(partitions);
        pending = List.copyOf(pending);
    }

    /** The manifest before the first commit. */
    public static ArchiveManifest empty(String topic) {
        return new ArchiveManifest(topic, 0, null, List.of(), List.of(), 0, 0, 0);
    }

    /** Per partition, the first offset not archived. */
    public Map<Integer, Long> nextOffsets() {
        Map<Integer, Long> next = new TreeMap<>();
        partitions.forEach(p -> next.put(p.partition(), p.nextOffset()));
        return next;
    }

    /**
     * The newest time every partition is archived to: lines after it may be live only. Empty before
     * anything is archived. A late line older than it may still be live until its archive commits.
     */
    public Optional<Instant> watermark() {
        return partitions.stream().map(PartitionMark::newest).min(Comparator.naturalOrder());
    }

    /** The manifest that announces {@code archives} (relative paths) as about to be committed. */
    ArchiveManifest announcing(Collection<String> archives) {
        return new ArchiveManifest(topic, sequence + 1, committedAt, partitions, List.copyOf(archives), linesCommitted,
                archivesCommitted, bytesCommitted);
    }

    /**
     * The manifest once {@code parts} are all committed.
     *
     * @param fresh the parts this commit made visible (not those a restarted job found committed
     *              already): the counters count each archive once
     */
    ArchiveManifest committed(Collection<ArchivePart> parts, Collection<ArchivePart> fresh, Instant now) {
        Map<Integer, PartitionMark> marks = new TreeMap<>();
        partitions.forEach(p -> marks.put(p.partition(), p));
        for (ArchivePart part : parts) {
            for (PartitionRange r : part.ranges()) {
                PartitionMark had = marks.get(r.partition());
                Instant newest = Instant.ofEpochMilli(r.newestMillis());
                long next = r.last() + 1;
                if (had == null) {
                    marks.put(r.partition(), new PartitionMark(r.partition(), next, newest));
                } else {
                    marks.put(r.partition(), new PartitionMark(r.partition(), Math.max(had.nextOffset(), next),
                            newest.isAfter(had.newest()) ? newest : had.newest()));
                }
            }
        }
        long lines = fresh.stream().mapToLong(ArchivePart::lines).sum();
        long bytes = fresh.stream().mapToLong(ArchivePart::compressedBytes).sum();
        return new ArchiveManifest(topic, sequence + 1, now, new ArrayList<>(marks.values()), List.of(),
                linesCommitted + lines, archivesCommitted + fresh.size(), bytesCommitted + bytes);
    }

    /** The manifest without its pending archives (they were removed: a fresh start drops them). */
    ArchiveManifest withoutPending() {
        return new ArchiveManifest(topic, sequence + 1, committedAt, partitions, List.of(), linesCommitted,
                archivesCommitted, bytesCommitted);
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("topic", topic);
        root.put("sequence", sequence);
        root.put("committed_at", committedAt == null ? null : committedAt.toString());
        watermark().ifPresent(w -> root.put("watermark", w.toString()));
        ArrayNode parts = root.putArray("partitions");
        for (PartitionMark p : partitions) {
            parts.addObject().put("partition", p.partition()).put("next_offset", p.nextOffset())
                    .put("newest", p.newest().toString());
        }
        ArrayNode names = root.putArray("pending");
        pending.forEach(names::add);
        root.put("lines_committed", linesCommitted);
        root.put("archives_committed", archivesCommitted);
        root.put("bytes_committed", bytesCommitted);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write manifest JSON", e);
        }
    }

    /**
     * @param source names the file in errors
     * @throws IOException naming the source and the field that is missing or wrong
     */
    public static ArchiveManifest fromJson(byte[] json, String source) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IOException(source + ": not a manifest (" + e.getMessage() + ")", e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IOException(source + ": not a Rewind archiver manifest (format is not '" + FORMAT + "')");
        }
        if (root.path("version").asInt() != VERSION) {
            throw new IOException(source + ": manifest version " + root.path("version") + " is not supported; "
                    + "this build reads version " + VERSION);
        }
        try {
            List<PartitionMark> partitions = new ArrayList<>();
            for (JsonNode p : root.path("partitions")) {
                partitions.add(new PartitionMark(required(p, "partition", source).asInt(),
                        required(p, "next_offset", source).asLong(),
                        Instant.parse(required(p, "newest", source).asText())));
            }
            List<String> pending = new ArrayList<>();
            root.path("pending").forEach(n -> pending.add(n.asText()));
            JsonNode at = root.path("committed_at");
            return new ArchiveManifest(required(root, "topic", source).asText(), required(root, "sequence", source).asLong(),
                    at.isTextual() ? Instant.parse(at.asText()) : null, partitions, pending,
                    root.path("lines_committed").asLong(), root.path("archives_committed").asLong(),
                    root.path("bytes_committed").asLong());
        } catch (DateTimeParseException e) {
            throw new IOException(source + ": a time in the manifest is not ISO-8601: " + e.getParsedString(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field, String source) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IOException(source + ": manifest field '" + field + "' is missing");
        }
        return value;
    }

    /** The manifest of a local target directory; empty when there is none. */
    public static Optional<ArchiveManifest> readLocal(java.nio.file.Path targetDir) throws IOException {
        java.nio.file.Path file = targetDir.resolve(ArchiveLayout.STATE_DIR).resolve(ArchiveLayout.MANIFEST);
        try {
            return Optional.of(fromJson(Files.readAllBytes(file), file.toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
