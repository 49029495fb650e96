package dev.rewind.query;

/**
 * Where a running query is: its state (analysis, selection, retrieval, processing, assembly, done),
 * splits done of total, bytes read so far, records matched so far.
 */
public record QueryProgress(String state, int splitsDone, int splitsTotal, long bytesRead, long matched) {
}
