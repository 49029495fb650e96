package dev.rewind.query;

/**
 * Where a running query is: its id (for {@code DELETE /api/query/{id}}), the Flink job running it
 * (null before it starts, or when metadata answered), its state (analysis, selection, retrieval,
 * processing, assembly, done), splits done of total, bytes read so far, records matched so far.
 */
public record QueryProgress(String queryId, String jobId, String state, int splitsDone, int splitsTotal, long bytesRead,
                            long matched) {
}
