package dev.rewind.bench.patterns;

/** The average grouping accuracy over the eight sets at one depth and similarity threshold. */
record SweepCell(int depth, double threshold, double average) {
}
