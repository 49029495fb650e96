package dev.rewind.job.archiver;

/**
 * One line of the live topic on its way into an archive: its bytes as Kafka holds them (no
 * terminator), the time the archiver files it under (the line's own timestamp, parsed with the
 * parsers queries use), and where it came from, which the manifest's offsets are made of.
 *
 * <p>Like every record with an array component, {@code equals} compares the array by identity.
 *
 * @param timeMillis the line's timestamp, epoch milliseconds; a line without one takes the time of
 *                   the line before it, as archive readers give it (the first takes its Kafka time)
 */
public record ArchiveLine(byte[] value, long timeMillis, int partition, long offset) {
}
