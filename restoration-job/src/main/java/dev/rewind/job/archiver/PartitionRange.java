package dev.rewind.job.archiver;

/**
 * The lines of one Kafka partition an archive holds: offsets {@code [first, last]}, every one of
 * them (a writer gets a partition's lines in offset order and puts each into the one archive open
 * at the time, so the archives of a partition hold consecutive runs).
 *
 * @param newestMillis the newest line timestamp among them, epoch milliseconds
 */
public record PartitionRange(int partition, long first, long last, long newestMillis) {

    /** This range followed by the line at {@code offset}. */
    PartitionRange plus(long offset, long timeMillis) {
        return new PartitionRange(partition, first, Math.max(last, offset), Math.max(newestMillis, timeMillis));
    }
}
